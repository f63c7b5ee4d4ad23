using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>
/// The WebSocket path of its own (a socket per upgrade, not YARP's pool) against a real Kestrel WebSocket server as
/// wendy's: messages both ways, closes from either side, refusals passed on, a server that is down, access refused
/// before anything reaches the server, and the server's token never shown.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSocketTunnelTests(ProxyPlatform platform) : IAsyncLifetime
{
    private const string Name = "wendy";
    private const string ServerToken = "wendy-server-token-never-shown";
    private WebSocketBackend _backend = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        platform.Hub.Credentials["wendy-session"] = Name;
        _backend = await WebSocketBackend.StartAsync(ServerToken);
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Running, new Uri(_backend.Url, "user/wendy/"), null, ServerToken, DateTimeOffset.UtcNow));
        using var client = ProxyPlatform.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.SendAsync(platform.Request(HttpMethod.Get, "user/wendy/ping", cookie: "wendy-session"), Cancel);
            return response.StatusCode == HttpStatusCode.OK;
        }, "wendy's route");
        _backend.Requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Stopped));
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Small_and_large_messages_go_both_ways_with_the_server_token_added_upstream_and_never_shown()
    {
        using var socket = await ConnectAsync("user/wendy/echo?session=1");
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.DoesNotContain(socket.HttpResponseHeaders!, h => h.Value.Any(v => v.Contains(ServerToken, StringComparison.Ordinal)));

        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, Cancel);
        Assert.Equal("hello", Encoding.UTF8.GetString(await ReceiveAsync(socket, WebSocketMessageType.Text)));

        // Larger than every buffer on the way, in several frames.
        var large = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(large);
        for (var offset = 0; offset < large.Length; offset += 256 * 1024)
        {
            var end = Math.Min(large.Length, offset + 256 * 1024);
            await socket.SendAsync(large.AsMemory(offset, end - offset), WebSocketMessageType.Binary, end == large.Length, Cancel);
        }

        Assert.Equal(large, await ReceiveAsync(socket, WebSocketMessageType.Binary));

        var upgrade = Assert.Single(_backend.Requests);
        Assert.Equal("/user/wendy/echo?session=1", upgrade.PathAndQuery);
        Assert.Equal($"token {ServerToken}", upgrade.Headers["Authorization"]);
        Assert.DoesNotContain("lakehouse-session", upgrade.Headers.GetValueOrDefault("Cookie") ?? string.Empty);
        Assert.Equal(platform.PublicUrl.Authority, upgrade.Headers["Host"]);
        Assert.Equal("127.0.0.1", upgrade.Headers["X-Forwarded-For"]);
        Assert.Equal("http", upgrade.Headers["X-Forwarded-Proto"]);
        Assert.Equal("websocket", upgrade.Headers["Upgrade"], ignoreCase: true);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);
    }

    [Fact]
    public async Task A_close_from_the_client_reaches_the_server_and_its_answer_comes_back()
    {
        using var socket = await ConnectAsync("user/wendy/echo");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Cancel);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await Poll.UntilAsync(() => _backend.Endings.Contains("client closed: NormalClosure"), "the server to see the client's close");
    }

    [Fact]
    public async Task A_close_from_the_server_reaches_the_client_with_its_status()
    {
        using var socket = await ConnectAsync("user/wendy/echo");
        await socket.SendAsync(Encoding.UTF8.GetBytes(WebSocketBackend.CloseCommand), WebSocketMessageType.Text, true, Cancel);

        var received = await socket.ReceiveAsync(new byte[1024], Cancel);
        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketBackend.ServerCloseStatus, received.CloseStatus);
        Assert.Equal("server closes", received.CloseStatusDescription);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Cancel);
        await Poll.UntilAsync(() => _backend.Endings.Contains("server closed"), "the server's close to complete");
    }

    [Theory]
    [InlineData("refuse", "<html><a href=\"/user/x/tree?\">no such kernel</a></html>")]
    [InlineData("refuse-chunked", "<html>first part, second part</html>")]
    public async Task A_server_that_refuses_the_upgrade_is_passed_on_status_headers_and_body_without_its_token(string path, string body)
    {
        using var client = ProxyPlatform.CreateClient();
        using var response = await client.SendAsync(UpgradeRequest($"user/wendy/{path}", "wendy-session"), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no such kernel", Assert.Single(response.Headers.GetValues("X-Refused")));
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Cancel));
        Assert.Single(_backend.Requests);
    }

    [Fact]
    public async Task A_server_that_is_down_gets_a_clear_502()
    {
        platform.Hub.Credentials["walt-session"] = "walt";
        platform.Spawner.Publish(new ServerStatus("walt", ServerState.Running, new Uri($"http://127.0.0.1:{FreePort.Next()}/user/walt/"), null, "walt-token", DateTimeOffset.UtcNow));
        try
        {
            using var client = ProxyPlatform.CreateClient();
            await Poll.UntilAsync(async () =>
            {
                using var probe = await client.SendAsync(platform.Request(HttpMethod.Get, "user/walt/api", cookie: "walt-session"), Cancel);
                return probe.StatusCode != HttpStatusCode.NotFound;
            }, "walt's route");

            using var response = await client.SendAsync(UpgradeRequest("user/walt/echo", "walt-session"), Cancel);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            var message = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["message"]!.GetValue<string>();
            Assert.Contains("did not accept a connection", message);

            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Cookie", "lakehouse-session=walt-session");
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl("user/walt/echo"), Cancel));
            Assert.Equal(HttpStatusCode.BadGateway, socket.HttpStatusCode);
        }
        finally
        {
            platform.Spawner.Publish(new ServerStatus("walt", ServerState.Stopped));
        }
    }

    [Fact]
    public async Task Another_users_upgrade_is_refused_before_anything_reaches_the_server()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", "lakehouse-session=bob-session");
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl("user/wendy/echo"), Cancel));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.Empty(_backend.Requests);
    }

    private Uri WebSocketUrl(string pathAndQuery) => new($"ws://{platform.PublicUrl.Authority}/{pathAndQuery}");

    /// <summary>As a browser's page on this host: the session cookie and a same-origin Origin.</summary>
    private async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", "lakehouse-session=wendy-session");
        socket.Options.SetRequestHeader("Origin", $"http://{platform.PublicUrl.Authority}");
        await socket.ConnectAsync(WebSocketUrl(pathAndQuery), Cancel);
        return socket;
    }

    /// <summary>A WebSocket handshake sent as a plain request, to read a refusal's body.</summary>
    private HttpRequestMessage UpgradeRequest(string pathAndQuery, string session)
    {
        var request = platform.Request(HttpMethod.Get, pathAndQuery, cookie: session);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket, WebSocketMessageType expected)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(expected, received.MessageType);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return message.ToArray();
    }
}
