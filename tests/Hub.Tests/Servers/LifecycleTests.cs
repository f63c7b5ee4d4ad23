using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hub.Tests.Servers;

[Collection(HubCollection.Name)]
public sealed class LifecycleTests(HubEnvironment environment)
{
    [Fact]
    public async Task Activity_reported_by_the_proxy_keeps_a_server_and_an_idle_one_is_culled()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        await using var hub = environment.StartHub(new Dictionary<string, string?>
        {
            ["Hub:Culling:Interval"] = "00:00:01",
            ["Hub:Culling:Timeout"] = "00:00:08",
        });
        await hub.SynchronizedAsync();
        using var alice = await hub.LoginAsync("alice");
        using var operatorClient = hub.Operator();
        using var routeController = hub.Anonymous();
        routeController.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SpawnerProcess.RouteControllerToken);
        try
        {
            using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            using (var progress = await alice.GetAsync("/hub/api/users/alice/server/progress"))
            {
                Assert.True((await HubApi.ReadProgressAsync(progress))[^1].GetProperty("ready").GetBoolean());
            }

            // Twice the timeout with a request reported every second: the server stays.
            var busyUntil = DateTime.UtcNow.AddSeconds(16);
            while (DateTime.UtcNow < busyUntil)
            {
                using var activity = await routeController.PostAsync(
                    "/hub/api/internal/activity",
                    System.Net.Http.Json.JsonContent.Create(new Dictionary<string, DateTimeOffset> { ["alice"] = DateTimeOffset.UtcNow }),
                    TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.NoContent, activity.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            }

            Assert.Equal("/user/alice/", (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("server").GetString());

            // Then no more requests: it is culled.
            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
                async () => HubApi.Server(await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")) is null,
                TimeSpan.FromSeconds(120), "the idle server to be culled", TestContext.Current.CancellationToken);
            var metrics = await operatorClient.GetStringAsync("/hub/metrics", TestContext.Current.CancellationToken);
            Assert.Contains("lakehouse_hub_culled_servers_total 1", metrics);
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }

    [Fact]
    public async Task Over_the_concurrent_spawn_limit_a_start_gets_429_with_retry_after_and_over_the_active_limit_too()
    {
        // A spawner whose servers take long to boot, so that a spawn is surely still pending when the next one asks.
        using var state = new StateFolder();
        await using var slowSpawner = await StartSlowSpawnerAsync(state);
        await using var hub = environment.StartHub(
            new Dictionary<string, string?> { ["Hub:ConcurrentSpawnLimit"] = "1", ["Hub:ProgressKeepAliveInterval"] = "00:00:00.500" }, slowSpawner.Address);
        await hub.SynchronizedAsync();
        using var alice = await hub.LoginAsync("alice");
        using var bob = await hub.LoginAsync("bob");
        try
        {
            using (var first = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            }

            using (var second = await bob.ApiAsync(HttpMethod.Post, "/hub/api/users/bob/server"))
            {
                Assert.Contains("Too many servers are starting", await HubApi.MessageAsync(second, HttpStatusCode.TooManyRequests));
                Assert.True(second.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry.");
            }

            // While the spawn is pending, the progress stream stays open with keepalive comments.
            using (var progress = await alice.GetAsync("/hub/api/users/alice/server/progress"))
            {
                Assert.Equal("text/event-stream", progress.Content.Headers.ContentType?.MediaType);
                using var reader = new StreamReader(await progress.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                string? line;
                do
                {
                    line = await reader.ReadLineAsync(timeout.Token);
                }
                while (line is not null && !line.StartsWith(": keepalive", StringComparison.Ordinal));
                Assert.NotNull(line);
            }

            await using var limited = environment.StartHub(new Dictionary<string, string?> { ["Hub:ActiveServerLimit"] = "1" }, slowSpawner.Address);
            await limited.SynchronizedAsync();
            using var bobThere = await limited.LoginAsync("bob");
            using var third = await bobThere.ApiAsync(HttpMethod.Post, "/hub/api/users/bob/server");
            Assert.Contains("maximum of 1 servers", await HubApi.MessageAsync(third, HttpStatusCode.TooManyRequests));
            var metrics = await hub.Operator().GetStringAsync("/hub/metrics", TestContext.Current.CancellationToken);
            Assert.Contains("lakehouse_hub_limit_rejections_total 1", metrics);
        }
        finally
        {
            await slowSpawner.StopAndWaitAsync("alice");
            await slowSpawner.StopAndWaitAsync("bob");
        }
    }

    [Fact]
    public async Task A_spawn_pending_longer_than_the_hubs_start_timeout_is_stopped()
    {
        using var state = new StateFolder();
        await using var slowSpawner = await StartSlowSpawnerAsync(state);
        await using var hub = environment.StartHub(new Dictionary<string, string?> { ["Hub:StartTimeout"] = "00:00:03" }, slowSpawner.Address);
        await hub.SynchronizedAsync();
        using var alice = await hub.LoginAsync("alice");
        using var operatorClient = hub.Operator();
        try
        {
            using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            Assert.Equal("spawn", HubApi.Server(await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice"))!.Value.GetProperty("pending").GetString());
            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
                async () => HubApi.Server(await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")) is null,
                TimeSpan.FromSeconds(60), "the timed-out spawn to be stopped", TestContext.Current.CancellationToken);
            Assert.Contains(hub.Logs.Lines, line => line.Contains("did not start within", StringComparison.Ordinal));
        }
        finally
        {
            await slowSpawner.StopAndWaitAsync("alice");
        }
    }

    [Fact]
    public async Task A_restarted_hub_keeps_sessions_and_sees_the_running_servers()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        var folder = environment.NewHubFolder();
        string cookie;
        try
        {
            await using (var first = new HubApp(environment, folder))
            {
                await first.SynchronizedAsync();
                using var alice = await first.LoginAsync("alice");
                cookie = alice.Cookies["lakehouse-session"];
                using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
                {
                    Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                }

                using var progress = await alice.GetAsync("/hub/api/users/alice/server/progress");
                Assert.True((await HubApi.ReadProgressAsync(progress))[^1].GetProperty("ready").GetBoolean());
            }

            await using var second = new HubApp(environment, folder);
            await second.SynchronizedAsync();
            using var again = second.Browser();
            again.SetCookie("lakehouse-session", cookie);
            var me = await HubApi.JsonAsync(await again.ApiAsync(HttpMethod.Get, "/hub/api/user"));
            Assert.Equal("alice", me.GetProperty("name").GetString());
            Assert.Equal("/user/alice/", me.GetProperty("server").GetString());
            var metrics = await second.Operator().GetStringAsync("/hub/metrics", TestContext.Current.CancellationToken);
            Assert.Contains("jupyterhub_running_servers 1", metrics);
            Assert.Contains("jupyterhub_total_users 1", metrics);
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }

    [Fact]
    public async Task After_a_spawner_restart_the_hub_reconnects_and_still_sees_and_stops_the_running_server()
    {
        using var state = new StateFolder();
        var spawner = await SpawnerProcess.StartAsync(state.Path);
        try
        {
            await using var hub = environment.StartHub(spawner: spawner.Address);
            await hub.SynchronizedAsync();
            using var alice = await hub.LoginAsync("alice");
            using var operatorClient = hub.Operator();
            using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            using (var progress = await alice.GetAsync("/hub/api/users/alice/server/progress"))
            {
                Assert.True((await HubApi.ReadProgressAsync(progress))[^1].GetProperty("ready").GetBoolean());
            }

            var registry = hub.Services.GetRequiredService<Lakehouse.Hub.Servers.ServerRegistry>();
            await spawner.DisposeAsync();
            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
                () => Task.FromResult(!registry.IsConnected), TimeSpan.FromSeconds(60), "the hub to notice the spawner is gone", TestContext.Current.CancellationToken);
            spawner = await SpawnerProcess.StartAsync(state.Path, port: spawner.Address.Port);
            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
                () => Task.FromResult(registry.IsConnected), TimeSpan.FromSeconds(60), "the hub to reconnect", TestContext.Current.CancellationToken);

            Assert.Equal("/user/alice/", (await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")).GetProperty("server").GetString());
            using (var stop = await alice.ApiAsync(HttpMethod.Delete, "/hub/api/users/alice/server"))
            {
                Assert.Contains(stop.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.NoContent });
            }

            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
                async () => HubApi.Server(await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/alice")) is null,
                TimeSpan.FromSeconds(90), "the server to stop", TestContext.Current.CancellationToken);
        }
        finally
        {
            await spawner.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_need_admin_or_the_operator_token()
    {
        await using var hub = environment.StartHub();
        using var admin = await hub.LoginAsync("admin");
        using var anonymous = hub.Anonymous();

        using var asAdmin = await admin.GetAsync("/hub/metrics");
        using var asAnonymous = await anonymous.GetAsync("/hub/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.StartsWith("text/plain", asAdmin.Content.Headers.ContentType?.ToString());
        var text = await asAdmin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE jupyterhub_total_users gauge", text);
        Assert.Contains("jupyterhub_server_spawn_duration_seconds_count{status=\"success\"}", text);
        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
    }

    /// <summary>A second spawner whose Jupyter takes a minute to boot (its own start timeout is longer still).</summary>
    private static Task<SpawnerProcess> StartSlowSpawnerAsync(StateFolder state)
    {
        var slowJupyter = state.WriteScript("slow-jupyter", "#!/bin/sh\nsleep 60\nexec /usr/bin/jupyter-server \"$@\"\n");
        return SpawnerProcess.StartAsync(state.Path, new Dictionary<string, string>
        {
            ["Spawner:JupyterPath"] = slowJupyter,
            ["Spawner:StartTimeout"] = "00:05:00",
        });
    }
}
