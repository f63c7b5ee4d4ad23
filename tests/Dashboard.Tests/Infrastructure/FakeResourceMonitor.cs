using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Dashboard.Tests.Infrastructure;

/// <summary>A stand-in for the orchestrator whose states and log lines the test sets, and which records commands.</summary>
public sealed class FakeResourceMonitor : IResourceMonitor
{
    private readonly Lock _gate = new();
    private readonly List<ResourceSnapshot> _snapshots = [];
    private readonly List<Channel<ResourceSnapshot>> _watchers = [];
    private readonly Dictionary<string, List<ResourceLogLine>> _logs = new(StringComparer.Ordinal);
    private readonly List<(string Resource, Channel<ResourceLogLine> Channel)> _logWatchers = [];
    private readonly ConcurrentQueue<ExecutedCommand> _commands = new();
    private long _sequence;

    public IReadOnlyList<ExecutedCommand> Commands => _commands.ToArray();

    public static ResourceSnapshot Snapshot(
        string name,
        string state = KnownResourceStates.Running,
        ResourceHealth health = ResourceHealth.Healthy,
        string type = "Project",
        IReadOnlyList<EndpointSnapshot>? endpoints = null,
        int? exitCode = null) =>
        new(name, type, state, health, endpoints ?? [], new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), null, exitCode, 4242, null);

    /// <summary>Adds or replaces a resource's snapshot and tells every watcher.</summary>
    public void Set(ResourceSnapshot snapshot)
    {
        lock (_gate)
        {
            var index = _snapshots.FindIndex(s => s.Name == snapshot.Name);
            if (index >= 0)
            {
                _snapshots[index] = snapshot;
            }
            else
            {
                _snapshots.Add(snapshot);
            }

            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(snapshot);
            }
        }
    }

    public void Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        lock (_gate)
        {
            Set(change(_snapshots.Single(s => s.Name == name)));
        }
    }

    public void WriteLog(string resource, string stream, string text)
    {
        lock (_gate)
        {
            var line = new ResourceLogLine(++_sequence, DateTimeOffset.UtcNow, stream, text);
            if (!_logs.TryGetValue(resource, out var lines))
            {
                _logs[resource] = lines = [];
            }

            lines.Add(line);
            foreach (var (watched, channel) in _logWatchers)
            {
                if (watched == resource)
                {
                    channel.Writer.TryWrite(line);
                }
            }
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetSnapshots()
    {
        lock (_gate)
        {
            return _snapshots.ToArray();
        }
    }

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ResourceSnapshot>();
        lock (_gate)
        {
            foreach (var snapshot in _snapshots)
            {
                channel.Writer.TryWrite(snapshot);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public async IAsyncEnumerable<ResourceLogLine> WatchLogsAsync(string resourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ResourceLogLine>();
        var entry = (resourceName, channel);
        lock (_gate)
        {
            foreach (var line in _logs.GetValueOrDefault(resourceName) ?? [])
            {
                channel.Writer.TryWrite(line);
            }

            _logWatchers.Add(entry);
        }

        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _logWatchers.Remove(entry);
            }
        }
    }

    public Task ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken)
    {
        if (!GetSnapshots().Any(s => s.Name == resourceName) || !KnownResourceCommands.All.Contains(commandName))
        {
            throw new ArgumentException($"Unknown resource or command: {resourceName} {commandName}");
        }

        _commands.Enqueue(new ExecutedCommand(resourceName, commandName));
        return Task.CompletedTask;
    }

    /// <summary>Polls until the monitor has recorded <paramref name="expected"/>.</summary>
    public async Task WaitForCommandAsync(ExecutedCommand expected, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!Commands.Contains(expected))
        {
            await Task.Delay(50, cts.Token);
        }
    }
}

public sealed record ExecutedCommand(string Resource, string Command);
