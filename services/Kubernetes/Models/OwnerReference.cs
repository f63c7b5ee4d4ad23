namespace Lakehouse.Kubernetes.Models;

/// <summary>Names the object this one belongs to; the garbage collector deletes dependents with their owner.</summary>
public sealed record OwnerReference
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    public bool? Controller { get; init; }

    public bool? BlockOwnerDeletion { get; init; }

    /// <summary>The reference a controller puts on what it creates for <paramref name="owner"/>.</summary>
    public static OwnerReference ControlledBy(KubernetesObject owner) => new()
    {
        ApiVersion = owner.ApiVersion ?? throw new ArgumentException("The owner has no apiVersion.", nameof(owner)),
        Kind = owner.Kind ?? throw new ArgumentException("The owner has no kind.", nameof(owner)),
        Name = owner.Metadata.Name ?? throw new ArgumentException("The owner has no name.", nameof(owner)),
        Uid = owner.Metadata.Uid ?? throw new ArgumentException("The owner has no uid.", nameof(owner)),
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
