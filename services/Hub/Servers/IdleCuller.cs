using Lakehouse.Contracts;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Servers;

/// <summary>
/// Stops servers idle longer than <c>Hub:Culling:Timeout</c> (activity comes from the route controller), and,
/// when <c>MaxAge</c> is set, servers older than that, every <c>Interval</c>.
/// </summary>
internal sealed partial class IdleCuller(
    ServerRegistry registry,
    ServerLauncher launcher,
    UserService users,
    SessionService sessions,
    HubMetrics metrics,
    IOptionsMonitor<HubOptions> options,
    TimeProvider time,
    ILogger<IdleCuller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var culling = options.CurrentValue.Culling;
        if (!culling.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(culling.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CullAsync(options.CurrentValue.Culling, stoppingToken);
                    await sessions.DeleteExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
                {
                    LogFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal async Task CullAsync(CullingOptions culling, CancellationToken cancellationToken)
    {
        var running = registry.All.Where(s => s.State == ServerState.Running).ToList();
        if (running.Count == 0)
        {
            return;
        }

        var activity = await users.LastActivityAsync(running.Select(s => s.Name).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        foreach (var server in running)
        {
            var started = server.StartedAt ?? now;
            var last = Latest(started, server.LastActivity, activity.GetValueOrDefault(server.Name));
            var idle = now - last;
            var age = now - started;
            string? reason = idle > culling.Timeout ? $"idle for {idle:c}"
                : culling.MaxAge is { } maxAge && age > maxAge ? $"older than {maxAge:c}"
                : null;
            if (reason is null)
            {
                continue;
            }

            LogCulling(logger, server.Name, reason);
            await launcher.StopAsync(server.Name, cancellationToken);
            metrics.Culled();
        }
    }

    private static DateTimeOffset Latest(DateTimeOffset started, DateTimeOffset? spawnerActivity, DateTime? proxyActivity)
    {
        var latest = started;
        if (spawnerActivity > latest)
        {
            latest = spawnerActivity.Value;
        }

        if (proxyActivity is { } proxy && new DateTimeOffset(proxy, TimeSpan.Zero) > latest)
        {
            latest = new DateTimeOffset(proxy, TimeSpan.Zero);
        }

        return latest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Culling {User}'s server: {Reason}")]
    private static partial void LogCulling(ILogger logger, string user, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle culling failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
