using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Servers;

[Collection(HubCollection.Name)]
public sealed class ServerTests(HubEnvironment environment)
{
    [Fact]
    public async Task Start_is_202_then_progress_ends_ready_at_the_public_url_start_again_is_400_and_stop_stops_it()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        await using var hub = environment.StartHub();
        await hub.SynchronizedAsync();
        using var alice = await hub.LoginAsync("alice");
        using var operatorClient = hub.Operator();
        try
        {
            using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            var pending = await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice");
            var active = await HubApi.GetJsonAsync(operatorClient, "/hub/api/users?state=active");
            Assert.Contains("alice", active.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
            Assert.NotNull(HubApi.Server(pending));

            using var progress = await alice.GetAsync("/hub/api/users/alice/server/progress");
            var events = await HubApi.ReadProgressAsync(progress);
            var last = events[^1];
            Assert.True(last.GetProperty("ready").GetBoolean(), $"The spawn did not end ready: {last}");
            Assert.Equal("/user/alice/", last.GetProperty("url").GetString());
            Assert.Equal(100, last.GetProperty("progress").GetInt32());
            Assert.True(events.Count > 1, "Progress should relay the spawner's steps, not only the final event.");

            await Poll(async () => (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("server").ValueKind == System.Text.Json.JsonValueKind.String);
            var running = await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice");
            Assert.Equal("/user/alice/", running.GetProperty("server").GetString());
            var server = HubApi.Server(running)!.Value;
            Assert.True(server.GetProperty("ready").GetBoolean());
            Assert.Equal("/hub/api/users/alice/server/progress", server.GetProperty("progress_url").GetString());
            var ready = await HubApi.GetJsonAsync(operatorClient, "/hub/api/users?state=ready");
            var inactive = await HubApi.GetJsonAsync(operatorClient, "/hub/api/users?state=inactive");
            Assert.Equal(["alice"], ready.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
            Assert.DoesNotContain("alice", inactive.EnumerateArray().Select(u => u.GetProperty("name").GetString()));

            using (var again = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Contains("already running", await HubApi.MessageAsync(again, HttpStatusCode.BadRequest));
            }

            using (var stop = await alice.ApiAsync(HttpMethod.Delete, "/hub/api/users/alice/server"))
            {
                Assert.Contains(stop.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.NoContent });
            }

            await Poll(async () => HubApi.Server(await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")) is null);
            using var stopAgain = await alice.ApiAsync(HttpMethod.Delete, "/hub/api/users/alice/server");
            Assert.Equal(HttpStatusCode.NoContent, stopAgain.StatusCode);
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }

    [Fact]
    public async Task The_home_page_starts_a_server_through_the_spawn_pending_page()
    {
        await environment.Spawner.StopAndWaitAsync("bob");
        await using var hub = environment.StartHub();
        await hub.SynchronizedAsync();
        using var bob = await hub.LoginAsync("bob");
        try
        {
            var home = await bob.GetPageAsync("/hub/home");
            Assert.Contains("action=\"/hub/spawn/bob\"", home);
            Assert.Contains($"name=\"_xsrf\" value=\"{bob.Xsrf}\"", home);

            using (var noToken = await bob.PostFormAsync("/hub/spawn/bob", new Dictionary<string, string>(), withXsrf: false))
            {
                Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
            }

            using (var spawn = await bob.PostFormAsync("/hub/spawn/bob", new Dictionary<string, string>()))
            {
                Assert.Equal(HttpStatusCode.Redirect, spawn.StatusCode);
                Assert.Equal("/hub/spawn-pending/bob", spawn.Headers.Location?.OriginalString);
            }

            using (var pending = await bob.GetAsync("/hub/spawn-pending/bob"))
            {
                // Either still pending (the page with its EventSource) or already on its way to the server.
                if (pending.StatusCode == HttpStatusCode.OK)
                {
                    var page = await pending.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    Assert.Contains("data-progress-url=\"/hub/api/users/bob/server/progress\"", page);
                    Assert.Contains("<progress", page);
                }
                else
                {
                    Assert.Equal("/user/bob/", pending.Headers.Location?.OriginalString);
                }
            }

            using (var progress = await bob.GetAsync("/hub/api/users/bob/server/progress"))
            {
                Assert.True((await HubApi.ReadProgressAsync(progress))[^1].GetProperty("ready").GetBoolean());
            }

            await Poll(async () => (await bob.GetPageAsync("/hub/home")).Contains("href=\"/user/bob/\""));
            using var stop = await bob.PostFormAsync("/hub/stop/bob", new Dictionary<string, string> { ["next"] = "/hub/home" });
            Assert.Equal("/hub/home", stop.Headers.Location?.OriginalString);
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("bob");
        }
    }

    private static Task Poll(Func<Task<bool>> condition) =>
        Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(condition, TimeSpan.FromSeconds(90), "the hub to see the change", TestContext.Current.CancellationToken);
}
