namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>The image a resource runs as in a cluster. On an executable it means "publish as this container".</summary>
public sealed record ContainerImageAnnotation(string Image, string Tag = "latest", string? Registry = null) : IResourceAnnotation
{
    public string Reference => (Registry is null ? Image : $"{Registry}/{Image}") + ":" + Tag;
}

/// <summary>Arguments the container gets in a cluster, instead of the executable's local arguments.</summary>
public sealed record ContainerArgsAnnotation(IReadOnlyList<string> Args) : IResourceAnnotation;

/// <summary>A persistent volume mounted into the container in a cluster.</summary>
public sealed record ContainerVolumeAnnotation(string Name, string Target, bool IsReadOnly = false) : IResourceAnnotation;
