using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends.Local;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>
/// A spawner without root cannot run servers as their users: it refuses to start them, unless told that sharing its
/// own account is acceptable.
/// </summary>
public sealed class SharedUserTests : IDisposable
{
    private readonly StateFolder _state = new();

    [Fact]
    public async Task WithoutRoot_AStartFails_WithTheReason_AndNothingIsCreated()
    {
        await using var app = NotRootSpawner();

        using (var response = await app.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await app.ReadProgressAsync("alice");

        var last = events[^1];
        Assert.True(last.Failed);
        Assert.Contains("does not run as root", last.Message);
        Assert.Contains("Spawner:AllowSharedUser=true", last.Message);
        Assert.DoesNotContain(events, e => e.Progress is > 0 and < 100);
        var status = (await app.GetAsync("alice"))!;
        Assert.Equal(ServerState.Failed, status.State);
        Assert.Equal(last.Message, status.Message);
        Assert.False(Directory.Exists(_state.Home("")), "No home may be created for a refused start.");
        Assert.False(File.Exists(_state.Record("alice")));
        Assert.Empty(_state.ProcessesStartedHere());
        Assert.Contains(app.Logs.Messages, m => m.Contains("every start is refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutRoot_AllowSharedUser_RunsTheServerAsTheSpawnersOwnUser_WithAWarning()
    {
        // Really root here, and Jupyter refuses root without --allow-root; a spawner that is really not root needs no such flag.
        var jupyterAsRoot = _state.WriteScript("jupyter-as-root", "#!/bin/sh\nexec /usr/bin/jupyter-server \"$@\" --allow-root\n");
        await using var app = NotRootSpawner(new Dictionary<string, string?>
        {
            ["Spawner:AllowSharedUser"] = "true",
            ["Spawner:JupyterPath"] = jupyterAsRoot,
        });

        var status = await app.StartReadyAsync(TestUsers.Alice);

        // The tests run as root, so this is root: the server was not given alice's uid (10001).
        var ownUid = LinuxProcesses.StatusField(Environment.ProcessId, "Uid")[1];
        Assert.Equal([ownUid, ownUid, ownUid, ownUid], LinuxProcesses.StatusField(status.Pid!.Value, "Uid"));
        Assert.Contains(app.Logs.Messages, m => m.Contains("every server runs as the spawner's own user", StringComparison.Ordinal));
    }

    private SpawnerApp NotRootSpawner(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(_state, settings, services => services.AddSingleton<IProcessPrivileges, NotPrivileged>());

    public void Dispose() => _state.Dispose();
}
