namespace Lakehouse.Kubernetes.Models;

/// <summary>An object's metadata (meta/v1 ObjectMeta), the fields this platform reads or writes.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? GenerateName { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public DateTimeOffset? CreationTimestamp { get; init; }

    public DateTimeOffset? DeletionTimestamp { get; init; }

    public long? DeletionGracePeriodSeconds { get; init; }

    public IDictionary<string, string>? Labels { get; init; }

    public IDictionary<string, string>? Annotations { get; init; }

    public IList<OwnerReference>? OwnerReferences { get; init; }

    public IList<string>? Finalizers { get; init; }

    public string? Label(string key) => Labels is not null && Labels.TryGetValue(key, out var value) ? value : null;

    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var value) ? value : null;
}
