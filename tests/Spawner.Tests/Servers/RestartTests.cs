using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>A restarted spawner loses no server: it takes back the live ones and forgets the dead ones.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly StateFolder _state = new();
    private readonly JupyterClient _jupyter = new();

    [Fact]
    public async Task ARunningServer_SurvivesTheSpawner_AndIsTakenBack()
    {
        ServerStatus before;
        await using (var first = new SpawnerApp(_state))
        {
            before = await first.StartReadyAsync(TestUsers.Alice);
        }

        Assert.False(LinuxProcesses.IsGone(before.Pid!.Value), "The server died with the spawner.");
        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(before.Url!, before.Token));

        await using var second = new SpawnerApp(_state);
        var after = await second.GetAsync("alice");

        Assert.NotNull(after);
        Assert.Equal(ServerState.Running, after.State);
        Assert.Equal(before.Pid, after.Pid);
        Assert.Equal(before.Url, after.Url);
        Assert.Equal(before.Token, after.Token);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(after.Url!, after.Token));

        // The new spawner can stop what the old one started.
        using (var stop = await second.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        await Poll.UntilAsync(async () => (await second.GetAsync("alice"))!.State == ServerState.Stopped, "the server to be stopped");
        Assert.True(LinuxProcesses.IsGone(before.Pid.Value));
    }

    [Fact]
    public async Task AServerThatDiedMeanwhile_IsMarkedStopped_AndItsRecordRemoved()
    {
        ServerStatus before;
        await using (var first = new SpawnerApp(_state))
        {
            before = await first.StartReadyAsync(TestUsers.Alice);
        }

        LinuxProcesses.Kill(before.Pid!.Value);
        await Poll.UntilAsync(() => LinuxProcesses.IsGone(before.Pid.Value), "the server to die");

        await using var second = new SpawnerApp(_state);
        var after = await second.GetAsync("alice");

        Assert.NotNull(after);
        Assert.Equal(ServerState.Stopped, after.State);
        Assert.Contains("spawner restarted", after.Message);
        Assert.False(File.Exists(_state.Record("alice")));

        // And it can be started again.
        var again = await second.StartReadyAsync(TestUsers.Alice);
        Assert.NotEqual(before.Pid, again.Pid);
    }

    public void Dispose()
    {
        _jupyter.Dispose();
        _state.Dispose();
    }
}
