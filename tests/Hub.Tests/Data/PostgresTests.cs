using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Data;

[Collection(HubCollection.Name)]
public sealed class PostgresTests(HubEnvironment environment)
{
    [Fact]
    public async Task With_a_hubdb_connection_string_the_hub_keeps_users_sessions_and_tokens_in_postgresql()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:hubdb"] = postgres.ConnectionString };
        string cookie;
        string token;
        await using (var first = environment.StartHub(settings))
        {
            using var alice = await first.LoginAsync("alice");
            cookie = alice.Cookies["lakehouse-session"];
            token = (await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens"), HttpStatusCode.Created))
                .GetProperty("token").GetString()!;
            using var created = await first.Operator().PostAsync("/hub/api/users/zoe", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.False(File.Exists(first.DatabasePath), "No SQLite file when PostgreSQL is configured.");
        }

        // A second hub with another state folder: everything it knows comes from PostgreSQL.
        await using var second = environment.StartHub(settings);
        using var again = second.Browser();
        again.SetCookie("lakehouse-session", cookie);
        var me = await HubApi.JsonAsync(await again.ApiAsync(HttpMethod.Get, "/hub/api/user"));
        using var byToken = second.TokenClient(token);
        var users = await HubApi.GetJsonAsync(second.Operator(), "/hub/api/users");

        Assert.Equal("alice", me.GetProperty("name").GetString());
        Assert.Equal("alice", (await HubApi.GetJsonAsync(byToken, "/hub/api/user")).GetProperty("name").GetString());
        Assert.Equal(["alice", "zoe"], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
    }
}
