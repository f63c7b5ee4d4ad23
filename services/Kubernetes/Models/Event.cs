namespace Lakehouse.Kubernetes.Models;

/// <summary>A core/v1 Event: what happened to an object (Scheduled, Pulling, FailedMount...), for progress messages.</summary>
public sealed record Event : KubernetesObject
{
    public ObjectReference? InvolvedObject { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>Normal or Warning.</summary>
    public string? Type { get; init; }

    public int? Count { get; init; }

    public DateTimeOffset? FirstTimestamp { get; init; }

    public DateTimeOffset? LastTimestamp { get; init; }
}

public sealed record ObjectReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }
}
