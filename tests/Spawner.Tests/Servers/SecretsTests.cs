using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>Server tokens and service tokens never reach a log, and records are readable by root only.</summary>
public sealed class SecretsTests : IDisposable
{
    private readonly StateFolder _state = new();

    [Fact]
    public async Task NoTokenIsLogged_ByTheSpawnerOrInTheServerLog()
    {
        string serverToken;
        CollectedLogs logs;
        await using (var app = new SpawnerApp(_state))
        {
            logs = app.Logs;
            var status = await app.StartReadyAsync(TestUsers.Alice);
            serverToken = status.Token!;
            using var jupyter = new JupyterClient();
            Assert.Equal(HttpStatusCode.OK, await jupyter.GetStatusAsync(status.Url!, serverToken));
            using (await app.CreateClient("a-wrong-service-token-0123456789").GetAsync("/api/servers", TestContext.Current.CancellationToken))
            {
            }

            using (await app.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
            {
            }

            await Poll.UntilAsync(async () => (await app.GetAsync("alice"))!.State == ServerState.Stopped, "the server to be stopped");
        }

        Assert.NotEmpty(logs.Messages);
        Assert.Contains(logs.Messages, m => m.Contains("Started the server of alice"));
        foreach (var secret in new[] { serverToken, SpawnerApp.HubToken, SpawnerApp.RouteControllerToken, "a-wrong-service-token-0123456789" })
        {
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }

        var serverLog = await File.ReadAllTextAsync(_state.ServerLog("alice"), TestContext.Current.CancellationToken);
        Assert.Contains("Jupyter Server", serverLog);
        Assert.DoesNotContain(serverToken, serverLog);
    }

    [Fact]
    public async Task Records_AreReadableByTheSpawnerOnly()
    {
        await using var app = new SpawnerApp(_state);
        await app.StartReadyAsync(TestUsers.Alice);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.Record("alice")));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(_state.Record("alice"))!));
    }

    public void Dispose() => _state.Dispose();
}
