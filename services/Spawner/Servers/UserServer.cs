using Lakehouse.Spawner.State;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// Everything the spawner holds about one user's server. <see cref="Gate"/> lets one start or stop decide at a time;
/// the long work (a spawn, a stop) then runs as <see cref="Operation"/> while the state (pending, stopping) turns
/// further starts and stops away.
/// </summary>
internal sealed class UserServer(string name)
{
    public string Name { get; } = name;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The started server, persisted; null when no process is known.</summary>
    public ServerRecord? Record { get; set; }

    /// <summary>The last spawn's events; null when this spawner never started this server.</summary>
    public SpawnProgress? Progress { get; set; }

    /// <summary>Cancels the spawn in progress when a stop comes first.</summary>
    public CancellationTokenSource? SpawnCancellation { get; set; }

    public Task Operation { get; set; } = Task.CompletedTask;
}
