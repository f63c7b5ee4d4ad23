using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>A real kernel and a real terminal, created and driven through the proxy with the browser's credentials only.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSocketTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_kernel_created_through_the_proxy_runs_1_plus_1_over_the_proxied_websocket()
    {
        using var client = ProxyPlatform.CreateClient();
        using var create = platform.Request(HttpMethod.Post, "user/alice/api/kernels", cookie: "alice-session");
        create.Content = JsonContent.Create(new { name = "python3" });
        using var created = await client.SendAsync(create, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var kernelId = JsonNode.Parse(await created.Content.ReadAsStringAsync(Cancel))!["id"]!.GetValue<string>();

        try
        {
            using var socket = new ClientWebSocket();
            // As a browser: the session cookie, and an Origin that Jupyter compares with the Host it is given.
            socket.Options.SetRequestHeader("Cookie", "lakehouse-session=alice-session");
            socket.Options.SetRequestHeader("Origin", $"http://{platform.PublicUrl.Authority}");
            var wsUrl = new Uri($"ws://{platform.PublicUrl.Authority}/user/alice/api/kernels/{kernelId}/channels?session_id={Guid.NewGuid():N}");
            await socket.ConnectAsync(wsUrl, Cancel);

            var msgId = Guid.NewGuid().ToString("N");
            var executeRequest = new JsonObject
            {
                ["header"] = new JsonObject
                {
                    ["msg_id"] = msgId, ["username"] = "alice", ["session"] = Guid.NewGuid().ToString("N"),
                    ["msg_type"] = "execute_request", ["version"] = "5.3", ["date"] = DateTimeOffset.UtcNow.ToString("O"),
                },
                ["parent_header"] = new JsonObject(),
                ["metadata"] = new JsonObject(),
                ["content"] = new JsonObject
                {
                    ["code"] = "1+1", ["silent"] = false, ["store_history"] = false,
                    ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
                },
                ["channel"] = "shell",
                ["buffers"] = new JsonArray(),
            };
            await socket.SendAsync(Encoding.UTF8.GetBytes(executeRequest.ToJsonString()), WebSocketMessageType.Text, true, Cancel);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            string? result = null;
            while (result is null)
            {
                var message = await ReceiveAsync(socket, timeout.Token);
                Assert.DoesNotContain(platform.Jupyter.Token, message);
                using var json = JsonDocument.Parse(message);
                var root = json.RootElement;
                if (root.GetProperty("msg_type").GetString() == "execute_result"
                    && root.GetProperty("parent_header").GetProperty("msg_id").GetString() == msgId)
                {
                    result = root.GetProperty("content").GetProperty("data").GetProperty("text/plain").GetString();
                }
            }

            Assert.Equal("2", result);

            // An open kernel socket is activity even when nothing else is sent (reports every second here).
            var quietSince = DateTimeOffset.UtcNow;
            await Poll.UntilAsync(
                () => platform.Hub.ActivityReports.Any(r => r.TryGetValue("alice", out var at) && at > quietSince.AddSeconds(1.5)),
                "activity of alice's open WebSocket to reach the hub");
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);
        }
        finally
        {
            using var delete = platform.Request(HttpMethod.Delete, $"user/alice/api/kernels/{kernelId}", cookie: "alice-session");
            using var deleted = await client.SendAsync(delete, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_terminal_opened_through_the_proxy_runs_a_command_over_the_proxied_websocket()
    {
        using var client = ProxyPlatform.CreateClient();
        using var create = platform.Request(HttpMethod.Post, "user/alice/api/terminals", cookie: "alice-session");
        create.Headers.Add("Origin", $"http://{platform.PublicUrl.Authority}");
        using var created = await client.SendAsync(create, Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var terminal = JsonNode.Parse(await created.Content.ReadAsStringAsync(Cancel))!["name"]!.GetValue<string>();

        try
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Cookie", "lakehouse-session=alice-session");
            socket.Options.SetRequestHeader("Origin", $"http://{platform.PublicUrl.Authority}");
            await socket.ConnectAsync(new Uri($"ws://{platform.PublicUrl.Authority}/user/alice/terminals/websocket/{terminal}"), Cancel);
            await socket.SendAsync(Encoding.UTF8.GetBytes("[\"stdin\", \"echo $((6*7))-done\\r\"]"), WebSocketMessageType.Text, true, Cancel);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var output = new StringBuilder();
            while (!output.ToString().Contains("42-done", StringComparison.Ordinal))
            {
                using var message = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token));
                if (message.RootElement[0].GetString() == "stdout")
                {
                    output.Append(message.RootElement[1].GetString());
                }
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);
        }
        finally
        {
            using var delete = platform.Request(HttpMethod.Delete, $"user/alice/api/terminals/{terminal}", cookie: "alice-session");
            delete.Headers.Add("Origin", $"http://{platform.PublicUrl.Authority}");
            using var deleted = await client.SendAsync(delete, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Another_users_websocket_is_refused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "lakehouse-session=bob-session");
        var wsUrl = new Uri($"ws://{platform.PublicUrl.Authority}/user/alice/api/kernels/nope/channels");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(wsUrl, Cancel));
        Assert.Contains("403", error.Message);
    }

    [Fact]
    public async Task A_websocket_from_another_sites_page_is_refused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "lakehouse-session=alice-session");
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        var wsUrl = new Uri($"ws://{platform.PublicUrl.Authority}/user/alice/api/kernels/nope/channels");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(wsUrl, Cancel));
        Assert.Contains("403", error.Message);
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
