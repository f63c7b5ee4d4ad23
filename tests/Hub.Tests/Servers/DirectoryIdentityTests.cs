using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Servers;

/// <summary>
/// The identity LDAP gives (uidNumber, gidNumber, posixGroups) reaches the running Jupyter server through the hub
/// and the real spawner: after a login, and for a user created through the API who never logged in.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class DirectoryIdentityTests(HubEnvironment environment)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alice_logged_in_through_ldap_gets_a_server_and_kernel_running_with_exactly_her_uid_gid_and_groups()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        await using var hub = environment.StartHub();
        await hub.SynchronizedAsync();
        using var alice = await hub.LoginAsync("alice");
        try
        {
            using (var start = await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            await WaitReadyAsync(alice.GetAsync("/hub/api/users/alice/server/progress"));
            var server = (await environment.Spawner.GetServerAsync("alice"))!;

            // The Jupyter server process, and a kernel it starts: where the user's code runs.
            using var jupyter = new JupyterClient();
            await jupyter.StartKernelAsync(server.Url!, server.Token!);
            var kernel = await KernelOfAsync(server.Pid!.Value);
            foreach (var pid in new[] { server.Pid!.Value, kernel })
            {
                Assert.Equal(["10001", "10001", "10001", "10001"], LinuxProcesses.StatusField(pid, "Uid"));
                Assert.Equal(["10001", "10001", "10001", "10001"], LinuxProcesses.StatusField(pid, "Gid"));
                Assert.Equal(["10001", "20000"], LinuxProcesses.StatusField(pid, "Groups").Order());
                var variables = LinuxProcesses.Environment(pid);
                Assert.Equal("10001", variables["EXTERNAL_UID"]);
                Assert.Equal("alice:10001,data-team:20000", variables["EXTERNAL_GROUPS"]);
            }

            // A file the server writes for her is hers.
            await jupyter.PutFileAsync(server.Url!, server.Token!, "who.txt", "alice");
            var file = Path.Combine(environment.SpawnerState.Home("alice"), "who.txt");
            var owner = await Lakehouse.Ldap.Tests.Infrastructure.Tool.RunAsync("stat", ["-c", "%u %g", file], CancellationToken);
            Assert.Equal("10001 10001", owner.Output.Trim());
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }

    [Fact]
    public async Task An_admin_creates_bob_through_the_api_and_starts_his_server_before_bob_ever_logged_in()
    {
        await environment.Spawner.StopAndWaitAsync("bob");
        await using var hub = environment.StartHub();
        await hub.SynchronizedAsync();
        using var admin = await hub.LoginAsync("admin");
        try
        {
            using (var created = await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/bob"))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            using (var start = await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/bob/server"))
            {
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            }

            await WaitReadyAsync(admin.GetAsync("/hub/api/users/bob/server/progress"));
            var pid = (await environment.Spawner.GetServerAsync("bob"))!.Pid!.Value;
            Assert.Equal(["10002", "10002", "10002", "10002"], LinuxProcesses.StatusField(pid, "Uid"));
            Assert.Equal(["10002", "10002", "10002", "10002"], LinuxProcesses.StatusField(pid, "Gid"));
            Assert.Equal(["10002", "20000"], LinuxProcesses.StatusField(pid, "Groups").Order());
            Assert.Equal("bob:10002,data-team:20000", LinuxProcesses.Environment(pid)["EXTERNAL_GROUPS"]);
            // The directory's answer is kept as a login's would be: bob is in no admin group.
            var bob = await HubApi.JsonAsync(await admin.ApiAsync(HttpMethod.Get, "/hub/api/users/bob"));
            Assert.False(bob.GetProperty("admin").GetBoolean());
            // The lookup bound with the service account: its password is in no log line.
            Assert.Contains(hub.Logs.Lines, line => line.Contains("LDAP lookup of bob found uid 10002", StringComparison.Ordinal));
            Assert.DoesNotContain(hub.Logs.Lines, line => line.Contains(environment.Ldap.ReaderPassword, StringComparison.Ordinal));
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("bob");
        }
    }

    [Fact]
    public async Task Without_a_reachable_directory_a_never_logged_in_user_is_answered_503_and_nothing_changes()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var hub = environment.StartHub(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ldap"] = $"ldap://127.0.0.1:{port}",
            ["Authentication:Ldap:ConnectTimeout"] = "00:00:05",
        });
        using var client = hub.Operator();
        using (await client.PostAsync("/hub/api/users/grace", null, CancellationToken))
        {
        }

        using var response = await client.PostAsync("/hub/api/users/grace/server", null, CancellationToken);

        Assert.Contains("could not be asked about grace", await HubApi.MessageAsync(response, HttpStatusCode.ServiceUnavailable));
        Assert.Null(HubApi.Server(await HubApi.GetJsonAsync(client, "/hub/api/users/grace")));
        Assert.Null(await environment.Spawner.GetServerAsync("grace"));
    }

    private static async Task WaitReadyAsync(Task<HttpResponseMessage> progressRequest)
    {
        using var progress = await progressRequest;
        var events = await HubApi.ReadProgressAsync(progress);
        Assert.True(events[^1].GetProperty("ready").GetBoolean(), $"The spawn did not end ready: {events[^1]}");
    }

    /// <summary>The kernel process the server started (a child running ipykernel).</summary>
    private static async Task<int> KernelOfAsync(int serverPid)
    {
        var kernel = 0;
        await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
            () =>
            {
                kernel = LinuxProcesses.ChildrenOf(serverPid).FirstOrDefault(pid =>
                    File.ReadAllText($"/proc/{pid}/cmdline").Contains("ipykernel", StringComparison.Ordinal));
                return Task.FromResult(kernel != 0);
            },
            TimeSpan.FromSeconds(90),
            "the kernel process to appear",
            CancellationToken);
        return kernel;
    }
}
