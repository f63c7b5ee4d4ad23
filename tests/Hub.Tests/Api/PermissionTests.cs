using System.Net;
using System.Net.Http.Json;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Api;

[Collection(HubCollection.Name)]
public sealed class PermissionTests(HubEnvironment environment)
{
    [Fact]
    public async Task Bob_can_neither_read_nor_change_alices_user_server_or_tokens()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");
        using var bob = await hub.LoginAsync("bob");
        string tokenId;
        using (var token = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { note = "mine" }))
        {
            tokenId = (await HubApi.JsonAsync(token, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        }

        var attempts = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/hub/api/users/alice"),
            (HttpMethod.Patch, "/hub/api/users/alice"),
            (HttpMethod.Delete, "/hub/api/users/alice"),
            (HttpMethod.Post, "/hub/api/users/alice/server"),
            (HttpMethod.Delete, "/hub/api/users/alice/server"),
            (HttpMethod.Get, "/hub/api/users/alice/server/progress"),
            (HttpMethod.Get, "/hub/api/users/alice/tokens"),
            (HttpMethod.Post, "/hub/api/users/alice/tokens"),
            (HttpMethod.Get, $"/hub/api/users/alice/tokens/{tokenId}"),
            (HttpMethod.Delete, $"/hub/api/users/alice/tokens/{tokenId}"),
            (HttpMethod.Get, "/hub/api/users"),
            (HttpMethod.Post, "/hub/api/users/mallory"),
            (HttpMethod.Get, "/hub/api/groups"),
            (HttpMethod.Get, "/hub/metrics"),
        };
        foreach (var (method, path) in attempts)
        {
            using var response = await bob.ApiAsync(method, path, method == HttpMethod.Patch ? new { admin = true } : null);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
        }

        // Nor can bob make himself an admin.
        using (var escalate = await bob.ApiAsync(HttpMethod.Patch, "/hub/api/users/bob", new { admin = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        }

        using var stillThere = await alice.ApiAsync(HttpMethod.Get, $"/hub/api/users/alice/tokens/{tokenId}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        var bobModel = await HubApi.JsonAsync(await bob.ApiAsync(HttpMethod.Get, "/hub/api/users/bob"));
        Assert.False(bobModel.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task Admins_from_the_ldap_admin_group_act_on_everyone()
    {
        await using var hub = environment.StartHub();
        using (await hub.LoginAsync("alice"))
        {
        }

        using var admin = await hub.LoginAsync("admin");

        var alice = await HubApi.JsonAsync(await admin.ApiAsync(HttpMethod.Get, "/hub/api/users/alice"));
        using var token = await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { note = "by admin" });
        var me = await HubApi.JsonAsync(await admin.ApiAsync(HttpMethod.Get, "/hub/api/user"));

        Assert.Equal("alice", alice.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        Assert.True(me.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task A_user_created_by_the_api_who_is_not_in_the_directory_cannot_start_a_server_and_is_told_why()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        using (var created = await client.PostAsync("/hub/api/users/frank", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await client.PostAsync("/hub/api/users/frank/server", null, TestContext.Current.CancellationToken);

        Assert.Equal(
            "frank is not in the directory, so there is no user or group id to run a server as.",
            await HubApi.MessageAsync(response, HttpStatusCode.BadRequest));
        var frank = await HubApi.GetJsonAsync(client, "/hub/api/users/frank");
        Assert.Null(HubApi.Server(frank));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, frank.GetProperty("pending").ValueKind);
        Assert.Null(await environment.Spawner.GetServerAsync("frank"));
    }
}
