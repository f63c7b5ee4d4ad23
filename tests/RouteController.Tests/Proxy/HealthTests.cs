using System.Net;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary><c>/health</c> says when routes can no longer be trusted: the spawner's event stream has been down too long.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HealthTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthy_while_following_the_spawner()
    {
        using var client = ProxyPlatform.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri(platform.ManagementUrl, "health"), Cancel);
            return response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync(Cancel) == "Healthy";
        }, "a healthy route controller");
    }

    [Fact]
    public async Task Without_the_hub_user_requests_get_502_and_nothing_reaches_the_server()
    {
        var deadHubPort = FreePort.Next();
        using var controller = await RouteControllerProcess.StartOnFreePortsAsync(
            new Dictionary<string, string>
            {
                ["services__hub__http__0"] = $"http://127.0.0.1:{deadHubPort}/",
                ["services__spawner__http__0"] = platform.Spawner.Url.ToString(),
                ["Lakehouse__ServiceTokens__RouteController"] = ProxyPlatform.ServiceToken,
            });

        using var client = ProxyPlatform.CreateClient();
        var before = platform.CarolServer.Requests.Count;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(controller.PublicUrl, "user/carol/x"));
        request.Headers.Add("Cookie", "lakehouse-session=carol-session");
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("hub", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(before, platform.CarolServer.Requests.Count);
    }

    [Fact]
    public async Task Degraded_then_unhealthy_without_a_spawner_while_the_hub_route_still_works()
    {
        var deadSpawnerPort = FreePort.Next();
        using var controller = await RouteControllerProcess.StartOnFreePortsAsync(
            new Dictionary<string, string>
            {
                ["services__hub__http__0"] = platform.Hub.Url.ToString(),
                ["services__spawner__http__0"] = $"http://127.0.0.1:{deadSpawnerPort}/",
                ["Lakehouse__ServiceTokens__RouteController"] = ProxyPlatform.ServiceToken,
                ["Proxy__SpawnerStreamDegradedAfter"] = "00:00:01",
                ["Proxy__SpawnerStreamUnhealthyAfter"] = "00:00:04",
            });

        using var client = ProxyPlatform.CreateClient();
        var seen = new HashSet<string>();
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri(controller.ManagementUrl, "health"), Cancel);
            var status = await response.Content.ReadAsStringAsync(Cancel);
            seen.Add(status);
            return status == "Unhealthy" && response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "an unhealthy route controller");
        Assert.Contains("Degraded", seen);

        using var hub = await client.GetAsync(new Uri(controller.PublicUrl, "hub/home"), Cancel);
        Assert.Equal("hub page /hub/home", await hub.Content.ReadAsStringAsync(Cancel));
    }
}
