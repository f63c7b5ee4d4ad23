namespace Lakehouse.Hosting.Orchestration;

/// <summary>Aspire's resource states, as shown on the dashboard.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string Finished = "Finished";
    public const string FailedToStart = "FailedToStart";
}

/// <summary>Health is separate from state: "Running (Unhealthy)".</summary>
public enum ResourceHealth
{
    Unknown,
    Healthy,
    Degraded,
    Unhealthy,
}

public sealed record EndpointSnapshot(string Name, string Url, bool IsExternal);

/// <summary>What the dashboard shows of one resource at one moment.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    ResourceHealth Health,
    IReadOnlyList<EndpointSnapshot> Endpoints,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime,
    int? ExitCode,
    int? ProcessId,
    string? StateReason)
{
    /// <summary>"Running (Unhealthy)" style text.</summary>
    public string DisplayState => State == KnownResourceStates.Running && Health is ResourceHealth.Unhealthy or ResourceHealth.Degraded
        ? $"{State} ({Health})"
        : State;
}

/// <summary>One line of a resource's console output.</summary>
public sealed record ResourceLogLine(long Sequence, DateTimeOffset Timestamp, string Stream, string Text);
