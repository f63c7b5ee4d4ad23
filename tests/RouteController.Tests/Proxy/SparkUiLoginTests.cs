using System.Net;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>
/// The route controller's half of the Spark UI login: <c>/__lakehouse/callback</c> trades the hub's one-time code
/// for a session cookie of this host only, then goes on to a local path; the code is never forwarded upstream.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SparkUiLoginTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string AliceHost => $"alice.sparkui.localhost:{platform.PublicUrl.Port}";

    [Fact]
    public async Task A_good_code_sets_a_host_only_httponly_lax_session_cookie_and_goes_on_to_next()
    {
        platform.Hub.HandoffCodes["code-for-alice"] = (AliceHost, "alice-session");
        var before = platform.AliceSparkUi.Requests.Count;
        using var client = ProxyPlatform.CreateClient();

        using var response = await client.SendAsync(Callback("code-for-alice", "/jobs/?id=1"), Cancel);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/jobs/?id=1", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("lakehouse-session=alice-session;", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, platform.AliceSparkUi.Requests.Count);

        using var replay = await client.SendAsync(Callback("code-for-alice", "/"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.False(replay.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/%09/evil.example")]
    public async Task Next_stays_on_the_spark_ui_host(string next)
    {
        var code = $"code-{Guid.NewGuid():N}";
        platform.Hub.HandoffCodes[code] = (AliceHost, "alice-session");
        using var client = ProxyPlatform.CreateClient();

        using var response = await client.SendAsync(Callback(code, Uri.UnescapeDataString(next)), Cancel);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task A_code_issued_for_another_host_is_refused()
    {
        platform.Hub.HandoffCodes["code-for-carol"] = ($"carol.sparkui.localhost:{platform.PublicUrl.Port}", "alice-session");
        using var client = ProxyPlatform.CreateClient();

        using var response = await client.SendAsync(Callback("code-for-carol", "/"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    private HttpRequestMessage Callback(string code, string next)
    {
        var request = platform.Request(HttpMethod.Get, $"__lakehouse/callback?code={Uri.EscapeDataString(code)}&next={Uri.EscapeDataString(next)}", browser: true);
        request.Headers.Host = AliceHost;
        return request;
    }
}
