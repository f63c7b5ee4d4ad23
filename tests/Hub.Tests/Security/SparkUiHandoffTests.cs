using System.Net;
using System.Net.Http.Json;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Security;

/// <summary>The hub's half of logging a browser in on a Spark UI host: a one-time code, for platform hosts only.</summary>
[Collection(HubCollection.Name)]
public sealed class SparkUiHandoffTests(HubEnvironment environment)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("alice.sparkui.localhost.evil.example")]
    [InlineData("alice.sparkui.localhost@evil.example")]
    [InlineData("evil.example/alice.sparkui.localhost")]
    [InlineData("evil.example#.sparkui.localhost")]
    [InlineData("//evil.example")]
    [InlineData("alice.sparkui.localhost:99999")]
    [InlineData("alice.sparkui.localhost:80/x")]
    [InlineData("")]
    public async Task Only_spark_ui_hosts_of_the_platform_receive_a_code(string host)
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");

        using var response = await alice.GetAsync($"/hub/sparkui-login?host={Uri.EscapeDataString(host)}&next=%2F");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_signed_in_user_is_sent_back_with_a_code_that_works_once_for_that_host_only()
    {
        await using var hub = environment.StartHub();
        const string host = "alice.sparkui.localhost:8000";
        var path = $"/hub/sparkui-login?host={Uri.EscapeDataString(host)}&next=%2Fjobs%2F";

        using (var anonymous = hub.Browser())
        using (var toLogin = await anonymous.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
            Assert.Equal("/hub/login?next=" + Uri.EscapeDataString(path), toLogin.Headers.Location!.OriginalString);
        }

        using var alice = await hub.LoginAsync("alice");
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var back = await alice.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
            var location = back.Headers.Location!;
            Assert.Equal($"http://{host}/__lakehouse/callback", location.GetLeftPart(UriPartial.Path));
            var query = System.Web.HttpUtility.ParseQueryString(location.Query);
            Assert.Equal("/jobs/", query["next"]);
            codes.Add(query["code"]!);
        }

        using var routeController = hub.Anonymous();
        routeController.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SpawnerProcess.RouteControllerToken);
        async Task<HttpResponseMessage> ExchangeAsync(string code, string forHost) =>
            await routeController.PostAsJsonAsync("/hub/api/internal/sparkui-session", new { code, host = forHost }, Cancel);

        // Another host, then the right one (the code is spent either way), then again.
        using (var wrongHost = await ExchangeAsync(codes[0], "bob.sparkui.localhost:8000"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongHost.StatusCode);
        }

        using (var spent = await ExchangeAsync(codes[0], host))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spent.StatusCode);
        }

        var session = await HubApi.JsonAsync(await ExchangeAsync(codes[1], host));
        using (var replay = await ExchangeAsync(codes[1], host))
        {
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        }

        // The session is alice's, and a new one: not her hub cookie.
        var cookie = session.GetProperty("session").GetString()!;
        Assert.NotEqual(alice.Cookies["lakehouse-session"], cookie);
        using var onSparkHost = hub.Browser();
        onSparkHost.SetCookie("lakehouse-session", cookie);
        var me = await HubApi.JsonAsync(await onSparkHost.ApiAsync(HttpMethod.Get, "/hub/api/user"));
        Assert.Equal("alice", me.GetProperty("name").GetString());

        // Without the route controller's token there is no exchange.
        using var anonymousClient = hub.Anonymous();
        using var refused = await anonymousClient.PostAsJsonAsync("/hub/api/internal/sparkui-session", new { code = codes[2], host }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
