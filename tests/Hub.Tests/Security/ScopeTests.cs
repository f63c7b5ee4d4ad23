using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Security;

/// <summary>JupyterHub's scopes and roles: what a session, a scoped token and a group's role may do.</summary>
[Collection(HubCollection.Name)]
public sealed class ScopeTests(HubEnvironment environment)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_user_reports_roles_and_scopes_and_a_scoped_token_can_do_only_what_it_carries()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");

        var me = await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Get, "/hub/api/user"));
        Assert.Equal(["user"], Strings(me, "roles"));
        Assert.Equal(
            ["access:servers!user=alice", "read:servers!user=alice", "read:tokens!user=alice", "read:users!user=alice", "servers!user=alice", "tokens!user=alice", "users:activity!user=alice"],
            Strings(me, "scopes"));

        var created = await HubApi.JsonAsync(
            await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { note = "read only", expires_in = 3600, scopes = new[] { "read:users!user" } }),
            HttpStatusCode.Created);
        Assert.Equal(["read:users!user"], Strings(created, "scopes"));
        Assert.Equal("read only", created.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.String, created.GetProperty("expires_at").ValueKind);

        using var readOnly = hub.TokenClient(created.GetProperty("token").GetString()!);
        var viaToken = await HubApi.GetJsonAsync(readOnly, "/hub/api/user");
        Assert.Equal(["read:users!user=alice"], Strings(viaToken, "scopes"));
        await HubApi.GetJsonAsync(readOnly, "/hub/api/users/alice");

        using (var start = await readOnly.PostAsync("/hub/api/users/alice/server", null, Cancel))
        {
            Assert.Contains("'servers' scope", await HubApi.MessageAsync(start, HttpStatusCode.Forbidden));
            // Written as ASP.NET Core writes answers (and JupyterHub its own): quotes as they are, not \u0027.
            Assert.Contains("'servers' scope", await start.Content.ReadAsStringAsync(Cancel));
        }

        using (var moreTokens = await readOnly.PostAsync("/hub/api/users/alice/tokens", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, moreTokens.StatusCode);
        }

        using var bobs = await readOnly.GetAsync("/hub/api/users/bob", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, bobs.StatusCode);
    }

    [Theory]
    [InlineData("admin:users")]
    [InlineData("read:users")]
    [InlineData("servers!user=bob")]
    [InlineData("read:metrics")]
    public async Task A_token_asking_for_more_than_its_owner_has_is_refused_with_403_and_not_created(string scope)
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");

        using var response = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { scopes = new[] { "read:users!user", scope } });

        var message = await HubApi.MessageAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("cannot carry more than its owner", message);
        Assert.Contains(scope, message);
        var tokens = await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Get, "/hub/api/users/alice/tokens"));
        Assert.Equal(0, tokens.GetProperty("api_tokens").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_scopes_and_filters_are_a_clear_400()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");

        foreach (var scope in new[] { "everything", "servers!planet=mars" })
        {
            using var response = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { scopes = new[] { scope } });
            Assert.Contains(scope, await HubApi.MessageAsync(response, HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task A_token_loses_what_its_owner_loses()
    {
        await using var hub = environment.StartHub();
        using var admin = await hub.LoginAsync("admin");
        var secret = (await HubApi.JsonAsync(
                await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/admin/tokens", new { scopes = new[] { "admin:users", "read:metrics" } }),
                HttpStatusCode.Created))
            .GetProperty("token").GetString()!;
        using var token = hub.TokenClient(secret);
        await HubApi.GetJsonAsync(token, "/hub/api/users");

        using var @operator = hub.Operator();
        using (var revoke = await @operator.PatchAsJsonAsync("/hub/api/users/admin", new { admin = false }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var list = await token.GetAsync("/hub/api/users", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var metrics = await token.GetAsync("/hub/metrics", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_no_longer_works()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");
        var secret = (await HubApi.JsonAsync(
                await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { expires_in = 1 }), HttpStatusCode.Created))
            .GetProperty("token").GetString()!;
        using var token = hub.TokenClient(secret);

        await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
            async () =>
            {
                using var response = await token.GetAsync("/hub/api/user", Cancel);
                return response.StatusCode == HttpStatusCode.Unauthorized;
            },
            TimeSpan.FromSeconds(60),
            "the token to expire",
            Cancel);
    }

    [Fact]
    public async Task Roles_given_to_a_group_in_configuration_grant_their_scopes_to_its_members_only()
    {
        await using var hub = environment.StartHub(new Dictionary<string, string?>
        {
            ["Authorization:Roles:metrics-reader:Scopes:0"] = "read:metrics",
            ["Authorization:Roles:metrics-reader:Groups:0"] = "ops",
            ["Authorization:Roles:team-servers:Scopes:0"] = "servers!group=ops",
            ["Authorization:Roles:team-servers:Scopes:1"] = "read:users!group=ops",
            ["Authorization:Roles:team-servers:Users:0"] = "bob",
        });
        using var alice = await hub.LoginAsync("alice");
        using var bob = await hub.LoginAsync("bob");
        using var @operator = hub.Operator();
        using (var group = await @operator.PostAsJsonAsync("/hub/api/groups/ops", new { users = new[] { "alice" } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        }

        using (var metrics = await alice.GetAsync("/hub/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }

        using (var metrics = await bob.GetAsync("/hub/metrics"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        }

        var aliceModel = await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Get, "/hub/api/user"));
        Assert.Equal(["metrics-reader", "user"], Strings(aliceModel, "roles"));

        // bob's role reaches the ops group's members (alice), not others (admin).
        var seen = await HubApi.JsonAsync(await bob.ApiAsync(HttpMethod.Get, "/hub/api/users/alice"));
        Assert.Equal("alice", seen.GetProperty("name").GetString());
        using var other = await bob.ApiAsync(HttpMethod.Get, "/hub/api/users/admin");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task A_typo_in_a_configured_role_stops_the_hub_at_start()
    {
        await using var hub = environment.StartHub(new Dictionary<string, string?> { ["Authorization:Roles:readers:Scopes:0"] = "read:user" });
        var error = Assert.ThrowsAny<Exception>(() => hub.Services);
        Assert.Contains("read:user", error.ToString());
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
