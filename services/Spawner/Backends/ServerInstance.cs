namespace Lakehouse.Spawner.Backends;

/// <summary>
/// A started server, as persisted: where it answers, and how to recognize it again after a spawner restart: a local
/// process by its pid and its start time in clock ticks since boot (so that a reused pid is not mistaken for it), a
/// pod by its uid (pid and start time 0).
/// </summary>
public sealed record ServerInstance(
    string Name,
    Uri Url,
    Uri SparkUiUrl,
    int Port,
    int SparkUiPort,
    int Pid,
    long ProcessStartTime,
    string? PodUid = null);
