namespace Lakehouse.Kubernetes.Models;

/// <summary>A list's metadata: the resourceVersion to watch from, and the token for the next page.</summary>
public sealed record ListMeta
{
    public string? ResourceVersion { get; init; }

    public string? Continue { get; init; }

    public long? RemainingItemCount { get; init; }
}
