using System.Collections.Concurrent;
using System.Security.Cryptography;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.State;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// The servers' lifecycle: pending → running → stopping → stopped, or failed. Spawns and stops run in the background
/// so that the API answers at once; every change is persisted (while a process exists) and published to the feed.
/// Servers are never stopped because the spawner stops: a restarted spawner takes them back.
/// </summary>
public sealed class ServerManager(
    IServerBackend backend,
    ServerRecordStore store,
    ServerChangeFeed feed,
    ServerReadinessProbe probe,
    BootGate bootGate,
    IOptions<SpawnerOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<ServerManager> logger)
{
    // Each readiness request gets at most this long; the start timeout bounds the whole wait.
    private static readonly TimeSpan ProbeAttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, UserServer> _servers = new(StringComparer.Ordinal);

    public IReadOnlyList<ServerStatus> List() => feed.List();

    public ServerStatus? Get(string name) => feed.Get(name);

    /// <summary>The events of the current or last spawn; null for a server the spawner does not know.</summary>
    public SpawnProgress? GetProgress(string name)
    {
        if (!_servers.TryGetValue(name, out var server) || feed.Get(name) is not { } status)
        {
            return null;
        }

        return status.State switch
        {
            ServerState.Pending => server.Progress ?? new SpawnProgress(),
            // A server taken back after a restart has no spawn events here; its readiness is all there is to say.
            ServerState.Running => SpawnProgress.Finished(ReadyEvent(status.Url!)),
            // A failed spawn replays its events up to the reason; a server that died later has only its reason.
            ServerState.Failed when server.Progress is { Final.Failed: true } failed => failed,
            _ => SpawnProgress.Finished(new ProgressEvent(100, status.Message ?? "The server is not running.", Failed: true)),
        };
    }

    /// <summary>Starts the server of <paramref name="identity"/> unless it runs or is busy. The request was validated.</summary>
    public async Task<(StartOutcome Outcome, ServerStatus Status)> StartAsync(
        UserIdentity identity, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var name = identity.Name;
        var server = _servers.GetOrAdd(name, n => new UserServer(n));
        await server.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = feed.Get(name);
            if (current is { State: ServerState.Running })
            {
                return (StartOutcome.AlreadyRunning, current);
            }

            if (current is { State: ServerState.Pending or ServerState.Stopping })
            {
                return (StartOutcome.Busy, current);
            }

            var startedAt = timeProvider.GetUtcNow();
            var progress = new SpawnProgress();
            progress.Report(new ProgressEvent(0, "Spawn requested"));
            server.Progress = progress;
            server.SpawnCancellation?.Dispose();
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
            server.SpawnCancellation = cancellation;

            var pending = new ServerStatus(name, ServerState.Pending, StartedAt: startedAt);
            feed.Publish(pending);
            logger.LogInformation("Spawning the server of {Name}", name);

            var launch = new ServerLaunch(identity, RandomNumberGenerator.GetHexString(64, lowercase: true), environment);
            server.Operation = Task.Run(() => SpawnAsync(server, launch, progress, startedAt, cancellation.Token), CancellationToken.None);
            return (StartOutcome.Started, pending);
        }
        finally
        {
            server.Gate.Release();
        }
    }

    public async Task<(StopOutcome Outcome, ServerStatus? Status)> StopAsync(string name, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(name, out var server))
        {
            return (StopOutcome.NotFound, null);
        }

        await server.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = feed.Get(name)!;
            switch (current.State)
            {
                case ServerState.Stopped or ServerState.Failed:
                    return (StopOutcome.AlreadyStopped, current);
                case ServerState.Stopping:
                    return (StopOutcome.Stopping, current);
            }

            // A spawn in progress gives up; the stop then removes whatever it had started.
            server.SpawnCancellation?.Cancel();
            var stopping = current with { State = ServerState.Stopping, Message = null };
            feed.Publish(stopping);
            logger.LogInformation("Stopping the server of {Name}", name);
            var previous = server.Operation;
            server.Operation = Task.Run(() => StopServerAsync(server, previous), CancellationToken.None);
            return (StopOutcome.Stopping, stopping);
        }
        finally
        {
            server.Gate.Release();
        }
    }

    /// <summary>Takes back the servers a previous spawner left running; marks the others stopped.</summary>
    public async Task AdoptAsync(CancellationToken cancellationToken)
    {
        // What the backend finds (running pods) is newer than a record file left from before.
        var found = await backend.RecoverAsync(cancellationToken);
        var records = found.Concat(store.LoadAll()).DistinctBy(r => r.Name, StringComparer.Ordinal);
        await Task.WhenAll(records.Select(record => AdoptAsync(record, cancellationToken)));
    }

    /// <summary>The periodic check: running servers that died are reported, and what they left behind is removed.</summary>
    public async Task SurveyAsync(CancellationToken cancellationToken)
    {
        var running = _servers.Values
            .Where(s => s.Record is not null && feed.Get(s.Name)?.State == ServerState.Running)
            .Select(s => s.Record!.Instance)
            .ToList();
        var exits = await backend.SurveyAsync(running, cancellationToken);
        foreach (var exit in exits)
        {
            var server = _servers[exit.Instance.Name];
            await TransitionAsync(server, current =>
            {
                if (current.State != ServerState.Running || server.Record?.Instance != exit.Instance)
                {
                    return null;
                }

                logger.LogWarning("The server of {Name} (pid {Pid}) ended: {Reason}", server.Name, exit.Instance.Pid, exit.Reason);
                server.Record = null;
                store.Delete(server.Name);
                server.Operation = CleanUpAsync(exit.Instance);
                return new ServerStatus(server.Name, exit.IsClean ? ServerState.Stopped : ServerState.Failed, Message: exit.Reason);
            });
        }
    }

    private async Task SpawnAsync(UserServer server, ServerLaunch launch, SpawnProgress progress, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var name = server.Name;
        var deadline = startedAt + options.Value.StartTimeout;
        string failure;
        IDisposable? turn = null;
        try
        {
            turn = await bootGate.WaitForTurnAsync(progress, deadline, cancellationToken);
            if (turn is null)
            {
                throw new ServerLaunchException(
                    $"The server did not get its turn to start within the start timeout ({options.Value.StartTimeout.TotalSeconds:0.#} s): too many servers were starting.");
            }

            var instance = await backend.LaunchAsync(launch, progress, cancellationToken);
            var record = new ServerRecord(name, launch.Identity, launch.Token, instance, ServerState.Pending, startedAt);
            server.Record = record;
            store.Save(record);
            await TransitionAsync(server, current => current.State == ServerState.Pending ? StatusOf(record) : null);

            var notReady = await WaitUntilAnswersAsync(instance, launch.Token, deadline, cancellationToken);
            turn.Dispose();
            if (notReady is null)
            {
                var running = record with { State = ServerState.Running };
                var ready = await TransitionAsync(server, current =>
                {
                    if (current.State != ServerState.Pending)
                    {
                        return null;
                    }

                    server.Record = running;
                    store.Save(running);
                    return StatusOf(running);
                });
                if (ready)
                {
                    progress.Report(ReadyEvent(instance.Url));
                    logger.LogInformation(
                        "The server of {Name} is ready after {Elapsed} ms", name, (timeProvider.GetUtcNow() - startedAt).TotalMilliseconds);
                }

                return;
            }

            failure = notReady;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A stop cleans up after this; a spawner shutting down leaves the server for the next one to take back.
            return;
        }
        catch (ServerLaunchException e)
        {
            failure = e.Message;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Spawning the server of {Name} failed", name);
            failure = "The spawner could not start the server; see the spawner's log.";
        }
        finally
        {
            turn?.Dispose();
        }

        logger.LogWarning("The server of {Name} failed to start: {Reason}", name, failure);
        if (server.Record is { } started)
        {
            await CleanUpAsync(started.Instance);
            store.Delete(name);
            server.Record = null;
        }

        var failed = await TransitionAsync(server, current =>
            current.State == ServerState.Pending ? new ServerStatus(name, ServerState.Failed, StartedAt: startedAt, Message: failure) : null);
        if (failed)
        {
            progress.Report(new ProgressEvent(100, failure, Failed: true));
        }
    }

    private async Task StopServerAsync(UserServer server, Task previous)
    {
        // The spawn (or cleanup) before this one finishes first, so that the record it leaves is final.
        await previous;
        if (server.Record is { } record)
        {
            await CleanUpAsync(record.Instance);
            store.Delete(server.Name);
            server.Record = null;
        }

        server.Progress?.Report(new ProgressEvent(100, "The server was stopped before it was ready.", Failed: true));
        await TransitionAsync(server, current => current.State == ServerState.Stopping ? new ServerStatus(server.Name, ServerState.Stopped) : null);
        logger.LogInformation("The server of {Name} is stopped", server.Name);
    }

    private async Task AdoptAsync(ServerRecord record, CancellationToken cancellationToken)
    {
        var server = _servers.GetOrAdd(record.Name, n => new UserServer(n));
        var instance = record.Instance;
        string reason;
        if (await backend.CheckAsync(instance, cancellationToken) is { } exit)
        {
            reason = $"Not running after the spawner restarted: {exit.Reason}";
        }
        else
        {
            backend.Adopt(instance);
            // A server that was still starting keeps the rest of its start timeout.
            var deadline = timeProvider.GetUtcNow() + options.Value.AdoptionTimeout;
            if (record.State == ServerState.Pending && record.StartedAt + options.Value.StartTimeout > deadline)
            {
                deadline = record.StartedAt + options.Value.StartTimeout;
            }

            var notAnswering = await WaitUntilAnswersAsync(instance, record.Token, deadline, cancellationToken);
            if (notAnswering is null)
            {
                var running = record with { State = ServerState.Running };
                server.Record = running;
                if (record.State != ServerState.Running)
                {
                    store.Save(running);
                }

                feed.Publish(StatusOf(running));
                logger.LogInformation("Took back the running server of {Name} (pid {Pid})", record.Name, instance.Pid);
                return;
            }

            reason = $"Given up after the spawner restarted: {notAnswering}";
            await CleanUpAsync(instance);
        }

        store.Delete(record.Name);
        feed.Publish(new ServerStatus(record.Name, ServerState.Stopped, Message: reason));
        logger.LogInformation("The server of {Name} was not taken back: {Reason}", record.Name, reason);
    }

    /// <summary>Null once the server answers; otherwise why it will not (it exited, or the deadline passed).</summary>
    private async Task<string?> WaitUntilAnswersAsync(ServerInstance instance, string token, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            if (await backend.CheckAsync(instance, cancellationToken) is { } exit)
            {
                return $"The server ended before it answered. {exit.Reason}";
            }

            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return $"The server did not answer within the start timeout ({settings.StartTimeout.TotalSeconds:0.#} s).";
            }

            // Taken before asking, so that progress made while the server is asked is not missed.
            var progress = backend.NextProgress(instance);
            var attempt = remaining < ProbeAttemptTimeout ? remaining : ProbeAttemptTimeout;
            if (await probe.AnswersAsync(instance.Url, token, attempt, cancellationToken))
            {
                return null;
            }

            if (progress is null)
            {
                await Task.Delay(settings.PollInterval, timeProvider, cancellationToken);
            }
            else
            {
                // The fallback also notices a server that exits without a word.
                await Task.WhenAny(progress, Task.Delay(settings.ProbeFallbackInterval, timeProvider, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private async Task CleanUpAsync(ServerInstance instance)
    {
        try
        {
            await backend.StopAsync(instance, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Stopping the processes of the server of {Name} (pid {Pid}) failed", instance.Name, instance.Pid);
        }
    }

    /// <summary>Applies a change decided under the server's gate; <paramref name="next"/> returns null to leave it.</summary>
    private async Task<bool> TransitionAsync(UserServer server, Func<ServerStatus, ServerStatus?> next)
    {
        await server.Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (feed.Get(server.Name) is not { } current || next(current) is not { } changed)
            {
                return false;
            }

            feed.Publish(changed);
            return true;
        }
        finally
        {
            server.Gate.Release();
        }
    }

    private static ServerStatus StatusOf(ServerRecord record) => new(
        record.Name,
        record.State,
        record.Instance.Url,
        record.Instance.SparkUiUrl,
        record.Token,
        record.StartedAt,
        Pid: record.Instance.Pid == 0 ? null : record.Instance.Pid);

    private static ProgressEvent ReadyEvent(Uri url) => new(100, $"Server ready at {url}", Ready: true, Url: url);
}
