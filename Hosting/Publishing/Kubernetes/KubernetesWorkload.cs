using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>A resource that runs in the cluster as a Deployment or StatefulSet, with the names its objects get.</summary>
public sealed record KubernetesWorkload(IResource Resource, string Component, string Image, IReadOnlyList<KubernetesPort> Ports)
{
    /// <summary>Kubernetes object names are lower-case DNS labels; resource names are unique ignoring case.</summary>
    public string Name { get; } = Resource.Name.ToLowerInvariant();

    public string ServiceName => $"{Name}-service";

    public string ConfigMapName => $"{Name}-config";

    public string SecretName => $"{Name}-secrets";

    public IReadOnlyList<ContainerVolumeAnnotation> Volumes { get; } = Resource.Annotations.OfType<ContainerVolumeAnnotation>().ToList();

    /// <summary>Resources that keep data (a connection string points at them, or they have volumes) get a stable identity and their own claims.</summary>
    public bool IsStateful => Resource is IResourceWithConnectionString || Volumes.Count > 0;

    public KubernetesPort Port(string endpointName) =>
        Ports.FirstOrDefault(p => p.Endpoint.Name == endpointName)
        ?? throw new PublishingException($"Resource '{Resource.Name}' has no endpoint named '{endpointName}'.");

    /// <summary>The workload a resource becomes, or null when it is not deployed: parameters and connection strings
    /// are values, and an executable without a container image has nothing to run in a cluster.</summary>
    public static KubernetesWorkload? TryCreate(IResource resource, PublishingOptions options)
    {
        var workload = resource switch
        {
            ProjectResource => new KubernetesWorkload(resource, "project", ProjectImage(resource, options), KubernetesPort.For(resource)),
            ContainerResource container => new KubernetesWorkload(resource, "container", AspireManifestWriter.ContainerImageReference(container), KubernetesPort.For(resource)),
            ExecutableResource when resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is { } image =>
                new KubernetesWorkload(resource, "container", image.Reference, KubernetesPort.For(resource)),
            _ => null,
        };
        if (workload is not null && workload.ServiceName.Length > 63)
        {
            throw new PublishingException($"Resource name '{resource.Name}' is too long for Kubernetes: '{workload.ServiceName}' must fit in 63 characters.");
        }

        return workload;
    }

    /// <summary><c>[registry/]name:tag</c>: the image a container build of the project is pushed as.</summary>
    private static string ProjectImage(IResource project, PublishingOptions options) =>
        (options.ContainerRegistry is { Length: > 0 } registry ? registry.TrimEnd('/') + "/" : "")
        + project.Name.ToLowerInvariant() + ":" + options.ContainerTag;
}
