using System.Collections.Concurrent;
using Lakehouse.Contracts;

namespace Lakehouse.Hub.Servers;

/// <summary>
/// The hub's view of every server, kept from the spawner's event stream (the spawner owns the servers, so a
/// restarted hub learns them all from the first snapshot) and from the answers to the hub's own requests.
/// </summary>
public sealed class ServerRegistry(HubMetrics metrics, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ServerStatus> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pendingSince = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first snapshot from the spawner has arrived.</summary>
    public Task Synchronized => _firstSnapshot.Task;

    public bool IsConnected { get; private set; }

    public ServerStatus? Get(string name) => _servers.GetValueOrDefault(name);

    public IReadOnlyCollection<ServerStatus> All => _servers.Values.ToList();

    /// <summary>Pending or running: what counts against the active server limit and what "active" lists.</summary>
    public IReadOnlyCollection<string> ActiveNames => _servers.Values.Where(IsActive).Select(s => s.Name).ToList();

    public IReadOnlyCollection<string> ReadyNames => _servers.Values.Where(s => s.State == ServerState.Running).Select(s => s.Name).ToList();

    public int PendingCount => _servers.Values.Count(s => s.State == ServerState.Pending);

    public int ActiveCount => _servers.Values.Count(IsActive);

    public static bool IsActive(ServerStatus status) => status.State is ServerState.Pending or ServerState.Running;

    public void Apply(ServerEvent serverEvent)
    {
        if (serverEvent.Type == ServerEventTypes.Snapshot)
        {
            foreach (var name in _servers.Keys.Except(serverEvent.Servers.Select(s => s.Name)))
            {
                _servers.TryRemove(name, out _);
            }

            IsConnected = true;
        }

        foreach (var status in serverEvent.Servers)
        {
            Set(status);
        }

        if (serverEvent.Type == ServerEventTypes.Snapshot)
        {
            _firstSnapshot.TrySetResult();
        }
    }

    public void Disconnected() => IsConnected = false;

    /// <summary>Whether the user's server is known to have stopped or failed.</summary>
    public bool HasEnded(string name) => Get(name) is { State: ServerState.Stopped or ServerState.Failed };

    /// <summary>Records a status, and the duration of a spawn when one ends.</summary>
    public void Set(ServerStatus status)
    {
        var now = time.GetUtcNow();
        _servers[status.Name] = status;
        if (status.State == ServerState.Pending)
        {
            if (_pendingSince.TryAdd(status.Name, now))
            {
                metrics.SpawnStarted();
            }
        }
        else if (_pendingSince.TryRemove(status.Name, out var since))
        {
            switch (status.State)
            {
                case ServerState.Running:
                    metrics.SpawnSucceeded(now - since);
                    break;
                default:
                    metrics.SpawnFailed();
                    break;
            }
        }
    }
}
