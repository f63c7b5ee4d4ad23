using System.Net;
using System.Net.Sockets;
using System.Text;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>
/// The client's end of an upgraded connection, on raw sockets: the server is told at once, and the client's
/// connection ends too. Kestrel takes a client's end as the end of the whole connection, so nothing half-open stays
/// behind; an answer the server sends after it may or may not still reach the client, and the client's last bytes may
/// or may not reach the server.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UpgradeClientEndTests(ProxyPlatform platform) : IAsyncLifetime
{
    private const string Name = "hank";
    private const string LastWords = "the client's last words";
    private const string Answer = "the server's answer after the client's end";

    private readonly TcpListener _server = new(IPAddress.Loopback, 0);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server.Start();
        platform.Hub.Credentials["hank-session"] = Name;
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)_server.LocalEndpoint).Port}/user/{Name}/");
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Running, url, null, "hank-server-token", DateTimeOffset.UtcNow));
        // The server takes one connection only: the route is awaited in the route table, not by asking the server.
        await platform.WaitForRoutesAsync(Name);
    }

    [Fact]
    public async Task When_the_client_ends_its_side_the_server_is_told_and_the_client_connection_ends()
    {
        var serverSide = ServeOneUpgradeAsync();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, platform.PublicUrl.Port, Cancel);
        var authority = platform.PublicUrl.Authority;
        await client.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /user/{Name}/raw HTTP/1.1\r\nHost: {authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\n" +
            $"Cookie: lakehouse-session=hank-session\r\nOrigin: http://{authority}\r\n\r\n"), Cancel);

        var head = await ReadHeadAsync(client);
        Assert.StartsWith("HTTP/1.1 101", head);

        await client.SendAsync(Encoding.ASCII.GetBytes(LastWords), Cancel);
        client.Shutdown(SocketShutdown.Send);

        // Both ends come within the time limit: nothing is left open on either side.
        Assert.Contains(await ReadToEndAsync(client), new[] { string.Empty, Answer });
        // What the server got is the client's last words, in full or in part.
        Assert.StartsWith(await serverSide.WaitAsync(TimeSpan.FromSeconds(30), Cancel), LastWords);
    }

    /// <summary>Accepts the upgrade, reads until the proxy ends the connection, then answers and closes. Returns what it read.</summary>
    private async Task<string> ServeOneUpgradeAsync()
    {
        using var connection = await _server.AcceptSocketAsync(Cancel);
        await ReadHeadAsync(connection);
        await connection.SendAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: accepted\r\n\r\n"), Cancel);
        var received = await ReadToEndAsync(connection);
        try
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes(Answer), Cancel);
            connection.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The proxy closed its socket altogether: the answer has nowhere to go.
        }

        return received;
    }

    /// <summary>Byte by byte up to the blank line, so that nothing after the head is taken.</summary>
    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await socket.ReceiveAsync(one, Cancel));
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>What arrives until the other side ends the connection (a close or a reset), within 30 s.</summary>
    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        return text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        platform.Spawner.Publish(new ServerStatus(Name, ServerState.Stopped));
        _server.Stop();
        return ValueTask.CompletedTask;
    }
}
