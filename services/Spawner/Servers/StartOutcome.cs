namespace Lakehouse.Spawner.Servers;

public enum StartOutcome
{
    /// <summary>A spawn began: 202.</summary>
    Started,

    /// <summary>The server already runs: 200.</summary>
    AlreadyRunning,

    /// <summary>The server is pending or stopping: 409.</summary>
    Busy,
}
