using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>
/// The WebSocket backend every proxy forwards to: Kestrel echoing each message back, at
/// <c>/user/alice/echo</c> (a user's server path, so that every proxy routes it alike).
/// </summary>
internal sealed class WebSocketEchoServer : IAsyncDisposable
{
    public const string EchoPath = "/user/alice/echo";

    /// <summary>Answers 200 without an upgrade, to tell when a proxy in front of it is up.</summary>
    public const string ProbePath = "/user/alice/";

    private readonly WebApplication _app;

    private WebSocketEchoServer(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapGet(ProbePath, () => Results.Text("ok"));
        _app.Map(EchoPath, EchoAsync);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static async Task<WebSocketEchoServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new WebSocketEchoServer(Measurements.FreeLoopbackPort());
        await server._app.StartAsync(cancellationToken);
        return server;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
