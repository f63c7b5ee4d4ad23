using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Lakehouse.Contracts;

/// <summary>Client side of the spawner's two event streams, for the hub and the route controller.</summary>
public static class SpawnerStreamReader
{
    /// <summary>Reads <c>/api/events</c>: a snapshot, then one event per change. Unknown event types are skipped.</summary>
    public static async IAsyncEnumerable<ServerEvent> ReadServerEventsAsync(
        Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            switch (item.EventType)
            {
                case ServerEventTypes.Snapshot:
                    var servers = JsonSerializer.Deserialize(item.Data, ContractJsonContext.Default.ListServerStatus)
                        ?? throw new JsonException("The snapshot event carried no server list.");
                    yield return new ServerEvent(ServerEventTypes.Snapshot, servers);
                    break;
                case ServerEventTypes.Server:
                    var server = JsonSerializer.Deserialize(item.Data, ContractJsonContext.Default.ServerStatus)
                        ?? throw new JsonException("The server event carried no status.");
                    yield return new ServerEvent(ServerEventTypes.Server, [server]);
                    break;
            }
        }
    }

    /// <summary>Reads <c>/api/servers/{name}/progress</c> until the stream ends (after the ready or failed event).</summary>
    public static async IAsyncEnumerable<ProgressEvent> ReadProgressAsync(
        Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == SseParser.EventTypeDefault)
            {
                yield return JsonSerializer.Deserialize(item.Data, ContractJsonContext.Default.ProgressEvent)
                    ?? throw new JsonException("A progress event carried no data.");
            }
        }
    }
}
