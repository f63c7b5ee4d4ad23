namespace Lakehouse.Hub.Servers;

/// <summary>How a start request ended; the API maps each to JupyterHub's status code.</summary>
public enum StartOutcome
{
    /// <summary>202: the spawn began.</summary>
    Pending,

    /// <summary>201: the server answered at once.</summary>
    Ready,

    /// <summary>400: already running or pending.</summary>
    AlreadyActive,

    /// <summary>400: stopping; start again once it stopped.</summary>
    Stopping,

    /// <summary>400: no uid/gid to run the server as: no login yet, and the user directory does not know the user.</summary>
    NoIdentity,

    /// <summary>503: the user never logged in and the user directory could not be asked.</summary>
    DirectoryUnavailable,

    /// <summary>429: too many spawns pending.</summary>
    SpawnLimit,

    /// <summary>429: too many servers active.</summary>
    ActiveLimit,

    /// <summary>502 or 400: the spawner refused or failed.</summary>
    SpawnerFailed,
}
