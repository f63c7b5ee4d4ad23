using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>Servers that never answer, or die while starting, end failed with the reason.</summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly StateFolder _state = new();

    [Fact]
    public async Task AServerThatNeverAnswers_FailsAtTheStartTimeout_WithTheReason_AndIsRemoved()
    {
        var neverListens = _state.WriteScript("never-listens", "#!/bin/sh\nexec sleep 600\n");
        await using var app = new SpawnerApp(_state, new Dictionary<string, string?>
        {
            ["Spawner:JupyterPath"] = neverListens,
            ["Spawner:StartTimeout"] = "00:00:03",
        });

        using (var response = await app.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await app.ReadProgressAsync("alice");

        var last = events[^1];
        Assert.True(last.Failed);
        Assert.Null(last.Ready);
        Assert.Contains("did not answer within the start timeout (3 s)", last.Message);
        var status = (await app.GetAsync("alice"))!;
        Assert.Equal(ServerState.Failed, status.State);
        Assert.Equal(last.Message, status.Message);
        Assert.False(File.Exists(_state.Record("alice")));
        await Poll.UntilAsync(() => _state.ProcessesStartedHere().Count == 0, "the never-answering process to be killed");
    }

    [Fact]
    public async Task AServerThatExitsWhileStarting_FailsWithItsExitCode()
    {
        var exits = _state.WriteScript("exits", "#!/bin/sh\necho 'cannot start' >&2\nexit 3\n");
        await using var app = new SpawnerApp(_state, new Dictionary<string, string?> { ["Spawner:JupyterPath"] = exits });

        using (await app.StartAsync(TestUsers.Alice))
        {
        }

        var last = (await app.ReadProgressAsync("alice"))[^1];

        Assert.True(last.Failed);
        Assert.Contains("exited with code 3", last.Message);
        Assert.Contains("cannot start", await File.ReadAllTextAsync(_state.ServerLog("alice"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WhilePending_AStartIs409_AndAStopCancelsTheSpawn()
    {
        var neverListens = _state.WriteScript("never-listens", "#!/bin/sh\nexec sleep 600\n");
        await using var app = new SpawnerApp(_state, new Dictionary<string, string?> { ["Spawner:JupyterPath"] = neverListens });
        using (var first = await app.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var second = await app.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            var problem = await second.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
            Assert.Contains("pending", problem!.Detail);
        }

        await Poll.UntilAsync(() => _state.ProcessesStartedHere().Count > 0, "the server process to start");
        using (var stop = await app.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        var last = (await app.ReadProgressAsync("alice"))[^1];
        Assert.True(last.Failed);
        await Poll.UntilAsync(async () => (await app.GetAsync("alice"))!.State == ServerState.Stopped, "the spawn to be stopped");
        Assert.Empty(_state.ProcessesStartedHere());
        Assert.False(File.Exists(_state.Record("alice")));
    }

    [Fact]
    public async Task AStateFolderUsersCannotReach_FailsWithAClearReason()
    {
        File.SetUnixFileMode(_state.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var app = new SpawnerApp(_state);

        using (await app.StartAsync(TestUsers.Alice))
        {
        }

        var last = (await app.ReadProgressAsync("alice"))[^1];

        Assert.True(last.Failed);
        Assert.Contains($"'{_state.Path}' is not searchable by others", last.Message);
        Assert.Empty(_state.ProcessesStartedHere());
    }

    [Fact]
    public async Task HomesConfiguredOutsideAPrivateStateFolder_Work()
    {
        File.SetUnixFileMode(_state.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var homes = new StateFolder();
        await using var app = new SpawnerApp(_state, new Dictionary<string, string?> { ["Lakehouse:HomesDirectory"] = homes.Home("") });

        var status = await app.StartReadyAsync(TestUsers.Alice);

        Assert.Equal(homes.Home("alice"), LinuxProcesses.Environment(status.Pid!.Value)["HOME"]);
        Assert.True(File.Exists(_state.Record("alice")));
        Assert.True(File.Exists(_state.ServerLog("alice")));
    }

    public void Dispose() => _state.Dispose();
}
