using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>
/// The spawner as a real process: interrupted with Ctrl-C (SIGINT to its process group) or killed outright, it loses
/// no server. Servers lead sessions of their own, so signals to the spawner's group never reach them.
/// </summary>
public sealed class ProcessRestartTests : IDisposable
{
    private readonly StateFolder _state = new();
    private readonly JupyterClient _jupyter = new();

    [Fact]
    public async Task ServersSurviveAnInterruptedAndAKilledSpawner_AndAreTakenBackEachTime()
    {
        ServerStatus started;
        using (var first = await SpawnerProcess.StartAsync(_state))
        {
            using (var response = await first.Hub.PostAsJsonAsync("/api/servers/alice", new StartServerRequest(TestUsers.Alice), ContractJson.Options, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            started = await WaitRunningAsync(first);
            first.SignalGroup("INT");
            await first.WaitForExitAsync();
        }

        Assert.False(LinuxProcesses.IsGone(started.Pid!.Value), "The server died with the interrupted spawner.");
        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(started.Url!, started.Token));

        using (var second = await SpawnerProcess.StartAsync(_state))
        {
            var adopted = await WaitRunningAsync(second);
            Assert.Equal(started.Pid, adopted.Pid);
            second.SignalGroup("KILL");
            await second.WaitForExitAsync();
        }

        Assert.False(LinuxProcesses.IsGone(started.Pid.Value), "The server died with the killed spawner.");

        using var third = await SpawnerProcess.StartAsync(_state);
        var again = await WaitRunningAsync(third);
        Assert.Equal(started.Pid, again.Pid);
        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(again.Url!, again.Token));
    }

    private static async Task<ServerStatus> WaitRunningAsync(SpawnerProcess spawner)
    {
        ServerStatus? status = null;
        await Poll.UntilAsync(
            async () => (status = await spawner.Hub.GetFromJsonAsync<ServerStatus>("/api/servers/alice", ContractJson.Options, TestContext.Current.CancellationToken))!.State == ServerState.Running,
            "alice's server to run");
        return status!;
    }

    public void Dispose()
    {
        _jupyter.Dispose();
        _state.Dispose();
    }
}
