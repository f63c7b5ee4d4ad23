using System.Net;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>Routes follow the spawner's event stream; <c>/hub/</c> and <c>/</c> lead to the hub.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RoutingTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_route_appears_when_the_spawner_reports_a_running_server_and_goes_when_it_stops()
    {
        platform.Hub.Credentials["dave-session"] = "dave";
        using var client = ProxyPlatform.CreateClient();
        async Task<HttpResponseMessage> GetAsync(bool browser = false) =>
            await client.SendAsync(platform.Request(HttpMethod.Get, "user/dave/api/status", cookie: "dave-session", browser: browser), Cancel);

        using (var before = await GetAsync())
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        platform.Spawner.Publish(new ServerStatus("dave", ServerState.Pending, StartedAt: DateTimeOffset.UtcNow));
        await Poll.UntilAsync(async () => (await GetAsync()).StatusCode == HttpStatusCode.ServiceUnavailable, "dave's pending server");
        using (var pendingBrowser = await GetAsync(browser: true))
        {
            Assert.Equal(HttpStatusCode.Found, pendingBrowser.StatusCode);
            Assert.Equal("/hub/spawn-pending/dave", pendingBrowser.Headers.Location!.OriginalString);
        }

        platform.Spawner.Publish(new ServerStatus("dave", ServerState.Running, new Uri(platform.SpareServer.Url, "user/dave/"), null, "dave-server-token", DateTimeOffset.UtcNow));
        await Poll.UntilAsync(async () => (await GetAsync()).StatusCode == HttpStatusCode.OK, "dave's route");
        using (var running = await GetAsync())
        {
            Assert.Equal("spare server saw /user/dave/api/status", await running.Content.ReadAsStringAsync(Cancel));
        }

        platform.Spawner.Publish(new ServerStatus("dave", ServerState.Stopped));
        await Poll.UntilAsync(async () => (await GetAsync()).StatusCode == HttpStatusCode.NotFound, "dave's route to go");
        using var stoppedBrowser = await GetAsync(browser: true);
        Assert.Equal(HttpStatusCode.Found, stoppedBrowser.StatusCode);
        Assert.Equal("/hub/home", stoppedBrowser.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Hub_paths_go_to_the_hub_with_credentials_intact_and_the_root_redirects_there()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var root = await client.SendAsync(platform.Request(HttpMethod.Get, "/"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Found, root.StatusCode);
            Assert.Equal("/hub/", root.Headers.Location!.OriginalString);
        }

        using var request = platform.Request(HttpMethod.Get, "hub/home?x=1", cookie: "alice-session");
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal("hub page /hub/home", await response.Content.ReadAsStringAsync(Cancel));
        var seen = platform.Hub.PageRequests.Last();
        Assert.Equal("/hub/home?x=1", seen.PathAndQuery);
        Assert.Equal("lakehouse-session=alice-session", seen.Headers["Cookie"]);
        Assert.Equal(platform.PublicUrl.Authority, seen.Headers["Host"]);
    }

    [Fact]
    public async Task Paths_reach_the_server_under_its_base_path_encoded_once()
    {
        using var client = ProxyPlatform.CreateClient();
        using var server = await client.SendAsync(platform.Request(HttpMethod.Get, "user/carol/files/a%20b/%C3%A9t%C3%A9.txt?x=1%202", cookie: "carol-session"), Cancel);
        Assert.Equal(HttpStatusCode.OK, server.StatusCode);
        Assert.Equal("/user/carol/files/a%20b/%C3%A9t%C3%A9.txt?x=1%202", platform.CarolServer.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Encoded_slashes_in_queries_pass_unchanged()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var login = await client.SendAsync(platform.Request(HttpMethod.Get, "hub/login?next=%2Fuser%2Falice%2Ftree%3Fa%3Db", browser: true), Cancel))
        {
            Assert.Equal("hub page /hub/login", await login.Content.ReadAsStringAsync(Cancel));
            Assert.Equal("/hub/login?next=%2Fuser%2Falice%2Ftree%3Fa%3Db", platform.Hub.PageRequests.Last().PathAndQuery);
        }

        using var server = await client.SendAsync(platform.Request(HttpMethod.Get, "user/carol/api/contents?path=a%2Fb%20c", cookie: "carol-session"), Cancel);
        Assert.Equal(HttpStatusCode.OK, server.StatusCode);
        Assert.Equal("/user/carol/api/contents?path=a%2Fb%20c", platform.CarolServer.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task The_hubs_internal_api_is_not_reachable_from_the_public_port()
    {
        using var client = ProxyPlatform.CreateClient();
        var before = platform.Hub.ActivityReports.Count;
        using var request = platform.Request(HttpMethod.Post, "hub/api/internal/activity");
        request.Headers.Authorization = new("Bearer", ProxyPlatform.ServiceToken);
        request.Content = new StringContent("{\"alice\":\"2000-01-01T00:00:00Z\"}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        using var sneaky = platform.Request(HttpMethod.Post, "hub//API/internal/activity");
        sneaky.Headers.Authorization = new("Bearer", ProxyPlatform.ServiceToken);
        sneaky.Content = new StringContent("{\"alice\":\"2000-01-01T00:00:00Z\"}", System.Text.Encoding.UTF8, "application/json");
        using var sneakyResponse = await client.SendAsync(sneaky, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, sneakyResponse.StatusCode);
        Assert.DoesNotContain(platform.Hub.ActivityReports.Skip(before), r => r.Values.Any(t => t.Year == 2000));
    }

    [Fact]
    public async Task Large_uploads_pass_through_to_the_server()
    {
        using var client = ProxyPlatform.CreateClient();
        using var request = platform.Request(HttpMethod.Put, "user/carol/api/contents/big.bin", cookie: "carol-session");
        request.Content = new ByteArrayContent(new byte[40 * 1024 * 1024]);
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", platform.CarolServer.Requests.Last().Method);
    }

    [Fact]
    public async Task Other_paths_are_404_and_a_missing_trailing_slash_redirects()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var other = await client.SendAsync(platform.Request(HttpMethod.Get, "elsewhere"), Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using var noSlash = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice?a=b"), Cancel);
        Assert.Equal(HttpStatusCode.Found, noSlash.StatusCode);
        Assert.Equal("/user/alice/?a=b", noSlash.Headers.Location!.OriginalString);
    }
}
