using System.Diagnostics;
using System.Net;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>Activity reaches the hub; a restarted route controller gets every route back from the spawner.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RecoveryAndActivityTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_are_reported_to_the_hub_as_activity_of_that_server()
    {
        using var client = ProxyPlatform.CreateClient();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using (var response = await client.SendAsync(platform.Request(HttpMethod.Get, "user/carol/anything", cookie: "carol-session"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Poll.UntilAsync(
            () => platform.Hub.ActivityReports.Any(r => r.TryGetValue("carol", out var at) && at >= before),
            "carol's activity to reach the hub");
        Assert.DoesNotContain(platform.Hub.ActivityReports, r => r.Keys.Any(k => k == "bob"));
    }

    [Fact]
    public async Task After_a_restart_every_route_is_back_from_the_spawner()
    {
        var streams = platform.Spawner.StreamsOpened;
        await platform.RestartRouteControllerAsync();
        var started = Stopwatch.StartNew();

        using var client = ProxyPlatform.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var alice = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status", cookie: "alice-session"), Cancel);
            using var carol = await client.SendAsync(platform.Request(HttpMethod.Get, "user/carol/x", cookie: "carol-session"), Cancel);
            return alice.StatusCode == HttpStatusCode.OK && carol.StatusCode == HttpStatusCode.OK;
        }, "routes after the restart");

        Assert.True(platform.Spawner.StreamsOpened > streams);
        TestContext.Current.SendDiagnosticMessage($"Routes answered {started.ElapsedMilliseconds} ms after the restarted route controller was alive.");
    }

    [Fact]
    public async Task Logs_carry_no_token_and_no_session()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var response = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status?token=alice-api-token"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var output = platform.RouteController.Output;
        Assert.Contains("alice", output); // it does log, and about alice
        foreach (var secret in new[] { platform.Jupyter.Token, ProxyPlatform.CarolServerToken, ProxyPlatform.ServiceToken, ProxyPlatform.ApiToken, "alice-api-token", "alice-session" })
        {
            Assert.DoesNotContain(secret, output);
        }
    }
}
