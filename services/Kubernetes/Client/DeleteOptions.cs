namespace Lakehouse.Kubernetes.Client;

/// <summary>meta/v1 DeleteOptions: how long a pod gets to stop, and what happens to the object's dependents.</summary>
public sealed record DeleteOptions
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "DeleteOptions";

    public long? GracePeriodSeconds { get; init; }

    /// <summary><see cref="PropagationPolicy.Background"/>, <see cref="PropagationPolicy.Foreground"/> or <see cref="PropagationPolicy.Orphan"/>.</summary>
    public string? PropagationPolicy { get; init; }
}

public static class PropagationPolicy
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";
}
