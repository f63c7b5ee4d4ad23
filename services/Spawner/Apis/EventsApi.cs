using Lakehouse.Contracts;
using Lakehouse.Spawner.Authentication;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.Servers;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Apis;

/// <summary>
/// The watch stream the route controller and the hub follow: a snapshot of every server, then each change
/// (list-then-watch). A reconnecting client simply gets a fresh snapshot.
/// </summary>
public static class EventsApi
{
    public static RouteHandlerBuilder MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", StreamEventsAsync).RequireAuthorization(ServiceCallers.ReadPolicy);

    public static async Task StreamEventsAsync(
        HttpContext context,
        ServerChangeFeed feed,
        IOptions<SpawnerOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        // Streams end when the client goes away or the spawner stops, whichever comes first.
        using var streamEnded = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        using var subscription = feed.Subscribe();
        var stream = await ServerSentEventWriter.StartAsync(context, options.Value.KeepAliveInterval, timeProvider, streamEnded.Token);
        try
        {
            await stream.WriteAsync(ServerEventTypes.Snapshot, subscription.Snapshot, ContractJsonContext.Default.IReadOnlyListServerStatus, streamEnded.Token);
            var changes = subscription.Changes;
            while (true)
            {
                while (changes.TryRead(out var status))
                {
                    await stream.WriteAsync(ServerEventTypes.Server, status, ContractJsonContext.Default.ServerStatus, streamEnded.Token);
                }

                var more = changes.WaitToReadAsync(streamEnded.Token).AsTask();
                await stream.WaitAsync(more, streamEnded.Token);
                if (!await more)
                {
                    // Cut off for falling behind: ending the stream makes the client reconnect for a fresh snapshot.
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (streamEnded.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
