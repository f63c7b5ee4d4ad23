using System.Net;
using System.Net.WebSockets;
using System.Text;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>
/// A WebSocket through the proxy lives as long as something moves on it: one idle for
/// <c>Proxy:UpstreamActivityTimeout</c> is closed on both sides, one in use stays open past it. A route controller of
/// its own, with a 1 s timeout, beside the platform's hub and spawner.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSocketIdleTimeoutTests(ProxyPlatform platform) : IAsyncLifetime
{
    private const string Name = "ivy";
    private const string ServerToken = "ivy-server-token-for-idle-tests";
    private static readonly TimeSpan ActivityTimeout = TimeSpan.FromSeconds(1);

    private WebSocketBackend _backend = null!;
    private RouteControllerProcess _routeController = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _backend = await WebSocketBackend.StartAsync(ServerToken);
        platform.Hub.Credentials["ivy-session"] = Name;
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Running, new Uri(_backend.Url, $"user/{Name}/"), null, ServerToken, DateTimeOffset.UtcNow));
        var settings = platform.Settings();
        settings["Proxy__UpstreamActivityTimeout"] = "00:00:01";
        _routeController = await RouteControllerProcess.StartOnFreePortsAsync(settings);
        using var client = ProxyPlatform.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_routeController.PublicUrl, $"user/{Name}/ping"));
            request.Headers.Add("Cookie", "lakehouse-session=ivy-session");
            using var response = await client.SendAsync(request, Cancel);
            return response.StatusCode == HttpStatusCode.OK;
        }, "ivy's route");
    }

    [Fact]
    public async Task An_idle_websocket_is_closed_on_both_sides_after_the_activity_timeout()
    {
        using var socket = await ConnectAsync();
        await EchoAsync(socket, "hello");

        // Nothing moves: the proxy ends the connection, the client sees it end and so does the server.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(ActivityTimeout * 20);
        var ended = await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveAsync(new byte[1024], timeout.Token));
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, ended.WebSocketErrorCode);
        await Poll.UntilAsync(() => _backend.Endings.Any(e => e.StartsWith("error:", StringComparison.Ordinal)), "the server to see its socket end");
    }

    [Fact]
    public async Task A_websocket_in_use_stays_open_past_the_activity_timeout()
    {
        using var socket = await ConnectAsync();
        var until = DateTimeOffset.UtcNow + ActivityTimeout * 3;
        var messages = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            await EchoAsync(socket, $"message {messages++}");
            await Task.Delay(ActivityTimeout / 4, Cancel);
        }

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);
        Assert.DoesNotContain(_backend.Endings, e => e.StartsWith("error:", StringComparison.Ordinal));
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "lakehouse-session=ivy-session");
        socket.Options.SetRequestHeader("Origin", $"http://{_routeController.PublicUrl.Authority}");
        // No pings of the client's own: they would count as activity.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(new Uri($"ws://{_routeController.PublicUrl.Authority}/user/{Name}/echo"), Cancel);
        return socket;
    }

    private static async Task EchoAsync(ClientWebSocket socket, string text)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Cancel);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, Cancel);
        Assert.True(received.EndOfMessage);
        Assert.Equal(text, Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    public async ValueTask DisposeAsync()
    {
        _routeController?.Dispose();
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Stopped));
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }
}
