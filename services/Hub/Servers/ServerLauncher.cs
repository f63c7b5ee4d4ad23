using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Oidc;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Servers;

/// <summary>
/// Starts and stops servers through the spawner, enforcing the hub's limits (concurrent spawns, active servers)
/// and its start timeout. Checks and the spawner call run one at a time, so two requests cannot both pass a limit.
/// </summary>
public sealed partial class ServerLauncher(
    SpawnerClient spawner,
    ServerRegistry registry,
    UserService users,
    IUserDirectory directory,
    AuthStateStore authStates,
    HubMetrics metrics,
    IOptionsMonitor<HubOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ServerLauncher> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<StartResult> StartAsync(User user, CancellationToken cancellationToken)
    {
        var (identity, refused) = await IdentityAsync(user, cancellationToken);
        if (identity is null)
        {
            return refused!;
        }

        var settings = options.CurrentValue;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            switch (registry.Get(user.Name)?.State)
            {
                case ServerState.Running:
                    return new(StartOutcome.AlreadyActive, $"{user.Name}'s server is already running.");
                case ServerState.Pending:
                    return new(StartOutcome.AlreadyActive, $"{user.Name}'s server is already pending.");
                case ServerState.Stopping:
                    return new(StartOutcome.Stopping, $"{user.Name}'s server is stopping; start it again once it stopped.");
            }

            if (registry.PendingCount >= settings.ConcurrentSpawnLimit)
            {
                metrics.LimitRejected();
                LogLimit(logger, user.Name, "concurrent spawn", settings.ConcurrentSpawnLimit);
                return new(StartOutcome.SpawnLimit,
                    $"Too many servers are starting ({settings.ConcurrentSpawnLimit} at most at once); try again in a moment.");
            }

            if (settings.ActiveServerLimit > 0 && registry.ActiveCount >= settings.ActiveServerLimit)
            {
                metrics.LimitRejected();
                LogLimit(logger, user.Name, "active server", settings.ActiveServerLimit);
                return new(StartOutcome.ActiveLimit,
                    $"The hub runs its maximum of {settings.ActiveServerLimit} servers; try again later.");
            }

            var (environment, loginExpired) = await authStates.ServerEnvironmentAsync(user, cancellationToken);
            if (loginExpired)
            {
                return new(StartOutcome.LoginExpired, $"{user.Name}'s login has expired, and their server needs it: log in again, then start the server.");
            }

            var answer = await spawner.StartAsync(identity, environment, cancellationToken);
            if (answer.Status is { } status)
            {
                registry.Set(status);
            }

            switch (answer.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    LogStarting(logger, user.Name);
                    WatchStartTimeout(user.Name, answer.Status?.StartedAt, settings.StartTimeout);
                    return new(StartOutcome.Pending, $"{user.Name}'s server is starting.");
                case HttpStatusCode.OK:
                    return new(StartOutcome.AlreadyActive, $"{user.Name}'s server is already running.");
                case HttpStatusCode.Conflict:
                    return new(StartOutcome.AlreadyActive, $"{user.Name}'s server is already pending or stopping.");
                default:
                    LogSpawnerRefused(logger, user.Name, (int)answer.StatusCode, answer.Problem);
                    return new(StartOutcome.SpawnerFailed, answer.Problem ?? $"The spawner answered {(int)answer.StatusCode}.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The identity kept from the user's last login; for a user created through the API who never logged in, the
    /// one the user directory gives now (kept, as a login would). Without either, the start is refused.
    /// </summary>
    private async Task<(UserIdentity? Identity, StartResult? Refused)> IdentityAsync(User user, CancellationToken cancellationToken)
    {
        if (UserService.IdentityOf(user) is { } known)
        {
            return (known, null);
        }

        var lookup = await directory.FindAsync(user.Name, cancellationToken);
        if (!lookup.Found)
        {
            LogNoIdentity(logger, user.Name, lookup.Failure.Value);
            var outcome = lookup.Failure == UserLookupFailure.Unavailable ? StartOutcome.DirectoryUnavailable : StartOutcome.NoIdentity;
            return (null, new(outcome, lookup.Message));
        }

        var stored = await users.RecordDirectoryIdentityAsync(lookup.User, cancellationToken);
        return stored is not null && UserService.IdentityOf(stored) is { } identity
            ? (identity, null)
            : (null, new(StartOutcome.NoIdentity, $"{user.Name} was deleted meanwhile."));
    }

    /// <summary>Returns true when the server is stopped already (204), false while it stops (202).</summary>
    public async Task<bool> StopAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await spawner.StopAsync(name, cancellationToken);
        if (answer.Status is { } status && !(status.State == ServerState.Stopping && registry.HasEnded(name)))
        {
            // Unless the event stream already said that the server ended: its "stopped" can overtake this answer,
            // and the older "stopping" must not stay behind it (a server shown stopping for ever).
            registry.Set(status);
        }

        switch (answer.StatusCode)
        {
            case HttpStatusCode.Accepted:
                LogStopping(logger, name);
                return false;
            case HttpStatusCode.NoContent or HttpStatusCode.NotFound:
                // The spawner has nothing running: whatever the hub last knew (stopping included) is over.
                if (registry.Get(name) is { State: not (ServerState.Stopped or ServerState.Failed) } known)
                {
                    registry.Set(known with { State = ServerState.Stopped });
                }

                return true;
            default:
                throw new HttpRequestException($"The spawner answered {(int)answer.StatusCode} to a stop: {answer.Problem}", null, answer.StatusCode);
        }
    }

    // The spawner fails a spawn at its own timeout too; this bounds it from the hub's side, as JupyterHub's start_timeout.
    private void WatchStartTimeout(string name, DateTimeOffset? startedAt, TimeSpan timeout) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(timeout, time, lifetime.ApplicationStopping);
                if (registry.Get(name) is { State: ServerState.Pending } status && status.StartedAt == startedAt)
                {
                    LogStartTimedOut(logger, name, timeout);
                    await StopAsync(name, lifetime.ApplicationStopping);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (HttpRequestException e)
            {
                LogSpawnerRefused(logger, name, (int?)e.StatusCode ?? 0, e.Message);
            }
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to start {User}'s server: no identity from a login, and the user directory answered {Failure}")]
    private static partial void LogNoIdentity(ILogger logger, string user, UserLookupFailure failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {User}'s server")]
    private static partial void LogStarting(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping {User}'s server")]
    private static partial void LogStopping(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to start {User}'s server: {Limit} limit of {Value} reached")]
    private static partial void LogLimit(ILogger logger, string user, string limit, int value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The spawner answered {Status} for {User}'s server: {Problem}")]
    private static partial void LogSpawnerRefused(ILogger logger, string user, int status, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{User}'s server did not start within {Timeout}; stopping it")]
    private static partial void LogStartTimedOut(ILogger logger, string user, TimeSpan timeout);
}
