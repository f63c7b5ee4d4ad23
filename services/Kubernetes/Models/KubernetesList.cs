namespace Lakehouse.Kubernetes.Models;

/// <summary>The answer to a list: the items and the list's metadata (resourceVersion, continue).</summary>
public sealed record KubernetesList<T>
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ListMeta Metadata { get; init; } = new();

    public IList<T> Items { get; init; } = [];
}
