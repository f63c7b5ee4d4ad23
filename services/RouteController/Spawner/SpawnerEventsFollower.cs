using System.Net;
using System.Net.Http.Headers;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Routing;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Spawner;

/// <summary>
/// Follows the spawner's <c>/api/events</c> (list-then-watch): each snapshot replaces every route, each change updates
/// one at once. Reconnects with a short, growing delay; routes are kept meanwhile, since servers outlive a spawner
/// restart, and the next snapshot corrects them.
/// </summary>
public sealed partial class SpawnerEventsFollower(
    HttpClient spawnerClient,
    RouteTable routes,
    SpawnerConnectionState connection,
    IOptionsMonitor<ProxyOptions> options,
    IOptionsMonitor<CredentialOptions> credentials,
    TimeProvider timeProvider,
    ILogger<SpawnerEventsFollower> logger) : BackgroundService
{
    public const string EventsPath = "api/events";

    // Only the first failure in a row is a warning; retries every half second would flood the log.
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.CurrentValue.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await FollowAsync(stoppingToken))
                {
                    delay = options.CurrentValue.ReconnectDelay;
                    _failing = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong (network, a malformed event, a handler's timeout), the answer is to reconnect:
                // a crashed follower would leave the routes frozen.
                ReportFailure(ex.GetType().Name, ex.Message);
            }

            connection.Disconnected();
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.CurrentValue.MaxReconnectDelay.Ticks));
        }
    }

    /// <returns>Whether a snapshot arrived (the connection worked, so the next reconnect need not wait long).</returns>
    private async Task<bool> FollowAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        // Armed now and re-armed by every read of the stream.
        using var idle = new CancellationTokenSource(settings.SpawnerStreamIdleTimeout, timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, idle.Token);

        using var request = new HttpRequestMessage(HttpMethod.Get, EventsPath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.CurrentValue.ServiceTokens.RouteController);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await spawnerClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                LogRefused((int)response.StatusCode);
            }
            else
            {
                ReportFailure("HTTP", $"status {(int)response.StatusCode}");
            }

            return false;
        }

        await using var stream = new IdleTimeoutStream(await response.Content.ReadAsStreamAsync(stop.Token), idle, settings.SpawnerStreamIdleTimeout);
        var snapshotSeen = false;
        try
        {
            await foreach (var change in SpawnerStreamReader.ReadServerEventsAsync(stream, stop.Token))
            {
                if (change.Type == ServerEventTypes.Snapshot)
                {
                    routes.ReplaceAll(change.Servers);
                    connection.Connected();
                    snapshotSeen = true;
                    LogSnapshot(change.Servers.Count, change.Servers.Count(s => s.State == ServerState.Running));
                }
                else
                {
                    foreach (var server in change.Servers)
                    {
                        routes.Apply(server);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            LogStreamSilent(settings.SpawnerStreamIdleTimeout);
            return snapshotSeen;
        }

        LogStreamEnded();
        return snapshotSeen;
    }

    private void ReportFailure(string kind, string reason)
    {
        if (_failing)
        {
            LogStreamStillFailing(kind, reason);
        }
        else
        {
            LogStreamFailed(kind, reason);
            _failing = true;
        }
    }

    [LoggerMessage(LogLevel.Debug, "Still cannot follow the spawner's events ({Kind}: {Reason}); retrying")]
    private partial void LogStreamStillFailing(string kind, string reason);

    [LoggerMessage(LogLevel.Information, "Following the spawner's events: {Count} servers, {Running} running")]
    private partial void LogSnapshot(int count, int running);

    [LoggerMessage(LogLevel.Information, "The spawner ended its event stream; reconnecting")]
    private partial void LogStreamEnded();

    [LoggerMessage(LogLevel.Warning, "The spawner's event stream was silent for {Timeout}; reconnecting")]
    private partial void LogStreamSilent(TimeSpan timeout);

    [LoggerMessage(LogLevel.Warning, "Cannot follow the spawner's events ({Kind}: {Reason}); retrying")]
    private partial void LogStreamFailed(string kind, string reason);

    [LoggerMessage(LogLevel.Error, "The spawner refused the route controller's service token ({StatusCode}): check Lakehouse:ServiceTokens:RouteController")]
    private partial void LogRefused(int statusCode);
}
