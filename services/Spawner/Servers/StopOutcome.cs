namespace Lakehouse.Spawner.Servers;

public enum StopOutcome
{
    /// <summary>The server is stopping: 202.</summary>
    Stopping,

    /// <summary>Nothing runs: 204.</summary>
    AlreadyStopped,

    /// <summary>The spawner knows no server of that name: 404.</summary>
    NotFound,
}
