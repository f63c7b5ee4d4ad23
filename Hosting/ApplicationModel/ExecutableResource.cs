namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A local program (slapd, rabbitmq-server, ganesha.nfsd …) started as a child process in run mode.</summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>Tells a user how to get a missing program, e.g. <c>apt-get install -y slapd</c>.</summary>
public sealed record InstallHintAnnotation(string Hint) : IResourceAnnotation;
