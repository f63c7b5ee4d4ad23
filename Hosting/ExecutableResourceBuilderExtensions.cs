using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Adds a local program, started as a child process in run mode.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args)
    {
        var resource = builder.AddResource(new ExecutableResource(name, command, workingDirectory));
        return args.Length == 0 ? resource : resource.WithArgs(args);
    }

    /// <summary>What to tell a user whose machine lacks the program, e.g. the apt-get command.</summary>
    public static IResourceBuilder<T> WithInstallHint<T>(this IResourceBuilder<T> builder, string hint)
        where T : ExecutableResource =>
        builder.WithAnnotation(new InstallHintAnnotation(hint));

    /// <summary>In a cluster this program runs from an image; the manifest shows it as a container.</summary>
    public static IResourceBuilder<T> PublishAsContainer<T>(this IResourceBuilder<T> builder, string image, string tag = "latest", params string[] args)
        where T : ExecutableResource
    {
        builder.WithAnnotation(new ContainerImageAnnotation(image, tag));
        return args.Length == 0 ? builder : builder.WithAnnotation(new ContainerArgsAnnotation(args));
    }

    /// <summary>A persistent volume for the container in a cluster (a StatefulSet claim).</summary>
    public static IResourceBuilder<T> WithVolume<T>(this IResourceBuilder<T> builder, string name, string target)
        where T : IResource =>
        builder.WithAnnotation(new ContainerVolumeAnnotation(name, target));
}
