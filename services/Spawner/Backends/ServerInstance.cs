namespace Lakehouse.Spawner.Backends;

/// <summary>
/// A started server, as persisted: where it answers, and how to recognize its process again after a spawner restart
/// (its pid and its start time in clock ticks since boot, so that a reused pid is not mistaken for it).
/// </summary>
public sealed record ServerInstance(
    string Name,
    Uri Url,
    Uri SparkUiUrl,
    int Port,
    int SparkUiPort,
    int Pid,
    long ProcessStartTime);
