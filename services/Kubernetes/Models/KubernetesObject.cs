namespace Lakehouse.Kubernetes.Models;

/// <summary>What every Kubernetes object has: apiVersion, kind and metadata.</summary>
public abstract record KubernetesObject
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta Metadata { get; init; } = new();
}
