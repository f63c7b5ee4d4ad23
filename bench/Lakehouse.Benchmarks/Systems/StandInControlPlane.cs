using System.Text.Json;
using System.Threading.Channels;
using Lakehouse.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Benchmarks.Systems;

/// <summary>
/// What the route controller asks of the rest of the platform, played by the benchmark on a loopback port: the
/// spawner's <c>/api/events</c> (a snapshot, then each change, as the contract writes them) and the hub's
/// <c>/hub/api/internal/authorize</c> (always allowed, for alice). It lets the proxy be measured with any routes, to
/// any backend, and shows exactly when a server's running event was sent.
/// </summary>
internal sealed class StandInControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ServerStatus> _changes = Channel.CreateUnbounded<ServerStatus>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IReadOnlyList<ServerStatus> _snapshot;

    private StandInControlPlane(IReadOnlyList<ServerStatus> snapshot, int port)
    {
        _snapshot = snapshot;
        Url = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url.GetLeftPart(UriPartial.Authority));
        _app = builder.Build();
        _app.MapGet("/api/events", StreamEventsAsync);
        _app.MapPost("/hub/api/internal/authorize", () => Results.Text("""{"allowed":true,"user":"alice","admin":false}""", "application/json"));
    }

    public Uri Url { get; }

    public static async Task<StandInControlPlane> StartAsync(IReadOnlyList<ServerStatus> snapshot, CancellationToken cancellationToken)
    {
        var controlPlane = new StandInControlPlane(snapshot, Measurements.FreeLoopbackPort());
        await controlPlane._app.StartAsync(cancellationToken);
        return controlPlane;
    }

    /// <summary>A running server at <paramref name="url"/>, as the spawner reports one once it answers.</summary>
    public static ServerStatus Running(string name, Uri url, string? token = null) =>
        new(name, ServerState.Running, url, Token: token ?? "bench-server-token", StartedAt: DateTimeOffset.UtcNow);

    /// <summary>Sends one change on the event stream.</summary>
    public ValueTask PublishAsync(ServerStatus status, CancellationToken cancellationToken) =>
        _changes.Writer.WriteAsync(status, cancellationToken);

    private async Task StreamEventsAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        await WriteEventAsync(response, ServerEventTypes.Snapshot, JsonSerializer.Serialize(_snapshot, ContractJson.Options), context.RequestAborted);
        try
        {
            await foreach (var status in _changes.Reader.ReadAllAsync(context.RequestAborted))
            {
                await WriteEventAsync(response, ServerEventTypes.Server, JsonSerializer.Serialize(status, ContractJson.Options), context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The route controller went away.
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, string type, string json, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {type}\ndata: {json}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
