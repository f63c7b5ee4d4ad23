using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>
/// A user's server that speaks WebSockets (Kestrel's): <c>echo</c> sends every message back whole, and closes itself
/// on the text <see cref="CloseCommand"/>; <c>refuse</c> and <c>refuse-chunked</c> answer an upgrade with a 404 page
/// that shows the server token; anything else is a plain 200. Every request it gets is recorded.
/// </summary>
internal sealed class WebSocketBackend : IAsyncDisposable
{
    public const string CloseCommand = "close-from-server";
    public const WebSocketCloseStatus ServerCloseStatus = (WebSocketCloseStatus)4000;

    private StandInServer _server = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How each echo socket ended, as the server saw it (the client's close status, or an error).</summary>
    public ConcurrentQueue<string> Endings { get; } = new();

    public Uri Url => _server.Url;

    public static async Task<WebSocketBackend> StartAsync(string serverToken)
    {
        var backend = new WebSocketBackend();
        backend._server = await StandInServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(context => backend.HandleAsync(context, serverToken));
        });
        return backend;
    }

    private async Task HandleAsync(HttpContext context, string serverToken)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers));
        var path = context.Request.Path.Value ?? "/";
        if (path.EndsWith("/echo", StringComparison.Ordinal) && context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await EchoAsync(socket, context.RequestAborted);
        }
        else if (path.EndsWith("/refuse", StringComparison.Ordinal) || path.EndsWith("/refuse-chunked", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html";
            context.Response.Headers["X-Refused"] = "no such kernel";
            var page = $"<html><a href=\"/user/x/tree?token={serverToken}\">no such kernel</a></html>";
            if (path.EndsWith("/refuse", StringComparison.Ordinal))
            {
                context.Response.ContentLength = page.Length;
                await context.Response.WriteAsync(page);
            }
            else
            {
                // No length: Kestrel sends it in chunks.
                await context.Response.WriteAsync("<html>first part, ");
                await context.Response.Body.FlushAsync();
                await context.Response.WriteAsync("second part</html>");
            }
        }
        else
        {
            await context.Response.WriteAsync("websocket backend");
        }
    }

    private async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer, cancellationToken);
                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Endings.Enqueue($"client closed: {received.CloseStatus}");
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Text && message.ToArray().AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(CloseCommand)))
                {
                    await socket.CloseAsync(ServerCloseStatus, "server closes", cancellationToken);
                    Endings.Enqueue("server closed");
                    return;
                }

                await socket.SendAsync(message.ToArray(), received.MessageType, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            Endings.Enqueue($"error: {e.GetType().Name}");
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
