namespace Lakehouse.Kubernetes.Models;

/// <summary>A core/v1 PersistentVolumeClaim.</summary>
public sealed record PersistentVolumeClaim : KubernetesObject
{
    public PersistentVolumeClaimSpec? Spec { get; init; }

    public PersistentVolumeClaimStatus? Status { get; init; }
}

public sealed record PersistentVolumeClaimSpec
{
    public IList<string>? AccessModes { get; init; }

    public string? StorageClassName { get; init; }

    public string? VolumeName { get; init; }

    public ResourceRequirements? Resources { get; init; }
}

public sealed record PersistentVolumeClaimStatus
{
    /// <summary>Pending, Bound or Lost.</summary>
    public string? Phase { get; init; }
}
