using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Api;

[Collection(HubCollection.Name)]
public sealed class InternalApiTests(HubEnvironment environment)
{
    [Fact]
    public async Task Authorize_allows_the_owner_and_admins_refuses_others_and_names_no_one_for_anonymous()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");
        using var bob = await hub.LoginAsync("bob");
        using var admin = await hub.LoginAsync("admin");
        var aliceToken = (await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens"), HttpStatusCode.Created))
            .GetProperty("token").GetString();
        using var routeController = hub.Anonymous();
        routeController.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SpawnerProcess.RouteControllerToken);

        async Task<string> Ask(string server, string? cookie, string? token = null)
        {
            using var response = await routeController.PostAsJsonAsync(
                "/hub/api/internal/authorize", new { server, cookie, token }, TestContext.Current.CancellationToken);
            return (await HubApi.JsonAsync(response)).ToString();
        }

        Assert.Equal("""{"allowed":true,"user":"alice","admin":false}""", await Ask("alice", alice.Cookies["lakehouse-session"]));
        Assert.Equal("""{"allowed":false,"user":"bob","admin":false}""", await Ask("alice", bob.Cookies["lakehouse-session"]));
        Assert.Equal("""{"allowed":true,"user":"admin","admin":true}""", await Ask("alice", admin.Cookies["lakehouse-session"]));
        Assert.Equal("""{"allowed":true,"user":"alice","admin":false}""", await Ask("alice", null, aliceToken));
        Assert.Equal("""{"allowed":false,"user":"alice","admin":false}""", await Ask("bob", null, aliceToken));
        Assert.Equal("""{"allowed":false,"user":null,"admin":false}""", await Ask("alice", null));
        Assert.Equal("""{"allowed":false,"user":null,"admin":false}""", await Ask("alice", "forged-session-id"));
    }

    [Fact]
    public async Task Internal_endpoints_need_the_route_controllers_service_token()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");
        foreach (var token in new[] { "wrong-token-of-enough-length", SpawnerProcess.HubToken, HubApp.OperatorToken })
        {
            using var client = hub.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var authorize = await client.PostAsJsonAsync(
                "/hub/api/internal/authorize", new { server = "alice", cookie = alice.Cookies["lakehouse-session"] }, TestContext.Current.CancellationToken);
            using var activity = await client.PostAsJsonAsync(
                "/hub/api/internal/activity", new Dictionary<string, DateTimeOffset> { ["alice"] = DateTimeOffset.UtcNow }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, authorize.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, activity.StatusCode);
        }

        using var anonymous = hub.Anonymous();
        using var none = await anonymous.PostAsJsonAsync("/hub/api/internal/authorize", new { server = "alice" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task Activity_from_the_proxy_becomes_the_users_last_activity_and_bad_names_change_nothing()
    {
        await using var hub = environment.StartHub();
        using (await hub.LoginAsync("alice"))
        {
        }

        using var routeController = hub.Anonymous();
        routeController.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SpawnerProcess.RouteControllerToken);
        using var operatorClient = hub.Operator();
        var before = (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("last_activity").GetDateTimeOffset();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var seen = DateTimeOffset.UtcNow;
        using (var bad = await routeController.PostAsJsonAsync(
            "/hub/api/internal/activity", new Dictionary<string, DateTimeOffset> { ["alice"] = seen, ["../x"] = seen }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var unchanged = (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("last_activity").GetDateTimeOffset();
        using (var good = await routeController.PostAsJsonAsync(
            "/hub/api/internal/activity", new Dictionary<string, DateTimeOffset> { ["alice"] = seen, ["nobody"] = seen }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        }

        var after = (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("last_activity").GetDateTimeOffset();
        Assert.Equal(before, unchanged);
        Assert.True(after > before, $"last_activity should move to the proxy's {seen:o}, is {after:o}");
        Assert.Equal(seen.ToUnixTimeMilliseconds(), after.ToUnixTimeMilliseconds());
    }
}
