using Lakehouse.Contracts;
using Lakehouse.Hub.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Servers;

/// <summary>
/// Follows the spawner's <c>/api/events</c> (list-then-watch): each connection starts with a full snapshot, so a
/// reconnect after a broken stream or a restart of either side loses nothing. Reconnects with a doubling backoff.
/// </summary>
internal sealed partial class SpawnerEventsFollower(
    SpawnerClient spawner,
    ServerRegistry registry,
    IOptionsMonitor<HubOptions> options,
    TimeProvider time,
    ILogger<SpawnerEventsFollower> logger) : BackgroundService
{
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.CurrentValue.SpawnerReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await spawner.OpenEventsAsync(stoppingToken);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync(stoppingToken);
                await foreach (var serverEvent in SpawnerStreamReader.ReadServerEventsAsync(stream, stoppingToken))
                {
                    registry.Apply(serverEvent);
                    if (serverEvent.Type == ServerEventTypes.Snapshot)
                    {
                        LogSnapshot(logger, serverEvent.Servers.Count);
                        delay = options.CurrentValue.SpawnerReconnectDelay;
                    }
                }

                LogEnded(logger);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException or OperationCanceledException)
            {
                LogBroken(logger, e.Message, delay);
            }

            registry.Disconnected();
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaximumDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spawner events: snapshot of {Count} server(s)")]
    private static partial void LogSnapshot(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spawner events stream ended; reconnecting")]
    private static partial void LogEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spawner events stream failed ({Reason}); reconnecting in {Delay}")]
    private static partial void LogBroken(ILogger logger, string reason, TimeSpan delay);
}
