namespace Lakehouse.Kubernetes.Client;

/// <summary>meta/v1 DeleteOptions: how long a pod gets to stop, and what happens to the object's dependents.</summary>
public sealed record DeleteOptions
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "DeleteOptions";

    public long? GracePeriodSeconds { get; init; }

    /// <summary><see cref="PropagationPolicy.Background"/>, <see cref="PropagationPolicy.Foreground"/> or <see cref="PropagationPolicy.Orphan"/>.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>What the object must still be for the delete to happen; otherwise the API answers 409 Conflict.</summary>
    public Preconditions? Preconditions { get; init; }
}

/// <summary>meta/v1 Preconditions: delete only this very object (its uid), or only this version of it.</summary>
public sealed record Preconditions
{
    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }
}

public static class PropagationPolicy
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";
}
