using System.Net;
using System.Net.Sockets;
using System.Text;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>Bad names, traversal and oversize input are answered by the proxy itself: no backend, not even the hub, sees them.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileInputTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/user/carol%2F..%2Fhub/api/status")]
    [InlineData("/user/carol/..%2f..%2fhub%2fapi")]
    [InlineData("/user/carol/..%5C..%5Chub")]
    [InlineData("/user/car%C3%B6l/api/status")]
    [InlineData("/user/%E2%80%AEcarol/")]
    [InlineData("/user/Carol/api/status")]
    [InlineData("/user/.carol/")]
    [InlineData("/user/-carol/")]
    [InlineData("/user/carolcarolcarolcarolcarolcarolcarol/")]
    [InlineData("/user/carol%00/")]
    [InlineData("/user//carol/")]
    [InlineData("/user/carol/%2e%2e/%2e%2e/hub/api/internal/activity")]
    [InlineData("/user/carol/../../hub/api/internal/authorize")]
    public async Task Bad_names_and_traversal_never_reach_a_backend(string path)
    {
        var (backend, hubPages, authorizations) = (platform.CarolServer.Requests.Count, platform.Hub.PageRequests.Count, platform.Hub.AuthorizeCalls);

        var status = await SendRawAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: lakehouse-session=carol-session\r\nConnection: close\r\n\r\n");

        Assert.InRange(status, 400, 404);
        Assert.Equal(backend, platform.CarolServer.Requests.Count);
        Assert.Equal(hubPages, platform.Hub.PageRequests.Count);
        Assert.Equal(authorizations, platform.Hub.AuthorizeCalls);
    }

    [Theory]
    [InlineData("bad_name!.sparkui.localhost")]
    [InlineData("c\u00f6rol.sparkui.localhost")]
    [InlineData("-carol.sparkui.localhost")]
    [InlineData("alice_.sparkui.localhost")]
    public async Task Bad_spark_ui_hosts_never_reach_a_backend(string host)
    {
        var (spark, authorizations) = (platform.AliceSparkUi.Requests.Count, platform.Hub.AuthorizeCalls);
        var status = await SendRawAsync($"GET / HTTP/1.1\r\nHost: {host}\r\nCookie: lakehouse-session=alice-session\r\nConnection: close\r\n\r\n");
        Assert.Equal(400, status);
        Assert.Equal(spark, platform.AliceSparkUi.Requests.Count);
        Assert.Equal(authorizations, platform.Hub.AuthorizeCalls);
    }

    [Fact]
    public async Task Oversize_headers_are_refused_by_the_server()
    {
        var authorizations = platform.Hub.AuthorizeCalls;
        var status = await SendRawAsync(
            $"GET /user/carol/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 40 * 1024)}\r\nConnection: close\r\n\r\n");
        Assert.Equal(431, status);
        Assert.Equal(authorizations, platform.Hub.AuthorizeCalls);
    }

    /// <summary>Sends bytes as written: HttpClient would normalize the very paths under test.</summary>
    private async Task<int> SendRawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", platform.PublicUrl.Port, Cancel);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), Cancel);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(Cancel) ?? throw new IOException("No answer.");
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
