using System.Text.Json;
using System.Threading.Channels;
using Lakehouse.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.Testing;

/// <summary>
/// The spawner's <c>GET /api/events</c> as services/Spawner/README.md describes it: bearer service token, an
/// <c>event: snapshot</c> with every server, then one <c>event: server</c> per change.
/// </summary>
public sealed class SpawnerStandIn : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServerStatus> _servers = new(StringComparer.Ordinal);
    private readonly List<Channel<ServerStatus>> _subscribers = [];
    private StandInServer _server = null!;
    private int _streamsOpened;

    public Uri Url => _server.Url;

    public int StreamsOpened => Volatile.Read(ref _streamsOpened);

    /// <param name="endpoints">More of the spawner's API, as a test needs it (the stand-in passes itself, to publish from them).</param>
    public static async Task<SpawnerStandIn> StartAsync(string serviceToken, Action<WebApplication, SpawnerStandIn>? endpoints = null)
    {
        var spawner = new SpawnerStandIn();
        spawner._server = await StandInServer.StartAsync(app =>
        {
            app.MapGet("/api/events", context => spawner.StreamAsync(context, serviceToken));
            endpoints?.Invoke(app, spawner);
        });
        return spawner;
    }

    public void Publish(ServerStatus status)
    {
        lock (_lock)
        {
            _servers[status.Name] = status;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(status);
            }
        }
    }

    private async Task StreamAsync(HttpContext context, string serviceToken)
    {
        if (context.Request.Headers.Authorization != $"Bearer {serviceToken}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var channel = Channel.CreateUnbounded<ServerStatus>();
        List<ServerStatus> snapshot;
        lock (_lock)
        {
            _subscribers.Add(channel);
            snapshot = _servers.Values.ToList();
        }

        Interlocked.Increment(ref _streamsOpened);
        try
        {
            context.Response.ContentType = "text/event-stream";
            await WriteAsync(context, ServerEventTypes.Snapshot, snapshot);
            await foreach (var status in channel.Reader.ReadAllAsync(context.RequestAborted))
            {
                await WriteAsync(context, ServerEventTypes.Server, status);
            }
        }
        catch (OperationCanceledException)
        {
            // The route controller went away.
        }
        finally
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    private static async Task WriteAsync<T>(HttpContext context, string type, T data)
    {
        await context.Response.WriteAsync($"event: {type}\ndata: {JsonSerializer.Serialize(data, ContractJson.Options)}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
