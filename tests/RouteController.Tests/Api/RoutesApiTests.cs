using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Api;

/// <summary><c>GET /api/routes</c> on the management endpoint, in configurable-http-proxy's shape, behind the api-token.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RoutesApiTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Routes_are_listed_in_chps_shape_with_the_api_token()
    {
        using var client = ProxyPlatform.CreateClient();
        var routes = await GetRoutesAsync(client, string.Empty);

        var alice = routes["/user/alice"]!;
        Assert.Equal(platform.Jupyter.Url.ToString(), alice["target"]!.GetValue<string>());
        Assert.Equal("alice", alice["user"]!.GetValue<string>());
        var lastActivity = alice["last_activity"]!.GetValue<string>();
        Assert.EndsWith("Z", lastActivity);
        Assert.True(DateTimeOffset.TryParse(lastActivity, out _));
        Assert.Equal(platform.Hub.Url.ToString().TrimEnd('/'), routes["/hub"]!["target"]!.GetValue<string>());
        Assert.Equal(platform.AliceSparkUi.Url.ToString(), routes["/alice.sparkui.localhost"]!["target"]!.GetValue<string>());
        Assert.NotNull(routes["/user/carol"]);
        Assert.DoesNotContain(platform.Jupyter.Token, routes.ToJsonString());
    }

    [Fact]
    public async Task Inactive_since_lists_only_routes_idle_since_before_it()
    {
        using var client = ProxyPlatform.CreateClient();
        var future = await GetRoutesAsync(client, "?inactive_since=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")));
        Assert.NotNull(future["/user/alice"]);
        var past = await GetRoutesAsync(client, "?inactive_since=2000-01-01T00:00:00Z");
        Assert.Empty(past);

        using var bad = await client.SendAsync(Authorized(HttpMethod.Get, "api/routes?inactive_since=yesterday"), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_route_api_requires_the_api_token()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var none = await client.GetAsync(new Uri(platform.ManagementUrl, "api/routes"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        foreach (var header in new[] { new AuthenticationHeaderValue("token", "wrong"), new AuthenticationHeaderValue("token", ProxyPlatform.ServiceToken),
                     new AuthenticationHeaderValue("Bearer", ProxyPlatform.ApiToken) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(platform.ManagementUrl, "api/routes"));
            request.Headers.Authorization = header;
            using var response = await client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Not on the public port at all.
        using var publicSide = await client.SendAsync(platform.Request(HttpMethod.Get, "api/routes", token: ProxyPlatform.ApiToken), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, publicSide.StatusCode);
    }

    [Fact]
    public async Task Adding_or_deleting_routes_is_refused_with_a_reason()
    {
        using var client = ProxyPlatform.CreateClient();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            using var response = await client.SendAsync(Authorized(method, "api/routes/user/alice"), Cancel);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("spawner", await response.Content.ReadAsStringAsync(Cancel));
        }

        Assert.NotNull((await GetRoutesAsync(client, string.Empty))["/user/alice"]);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(platform.ManagementUrl, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", ProxyPlatform.ApiToken);
        return request;
    }

    private async Task<JsonObject> GetRoutesAsync(HttpClient client, string query)
    {
        using var response = await client.SendAsync(Authorized(HttpMethod.Get, "api/routes" + query), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
    }
}
