using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>
/// A starting server is asked whether it answers when its log grows; a server whose log stays silent is still found
/// ready, by the slower fallback.
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private readonly JupyterClient _jupyter = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AServerThatLogsNothing_IsStillFoundReady()
    {
        var silent = _state.WriteScript("silent-jupyter", "#!/bin/sh\nexec /usr/bin/jupyter-server \"$@\" >/dev/null 2>&1\n");
        _app = new SpawnerApp(_state, new Dictionary<string, string?> { ["Spawner:JupyterPath"] = silent });

        var status = await _app.StartReadyAsync(TestUsers.Alice);

        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(System.Net.HttpStatusCode.OK, await _jupyter.GetStatusAsync(status.Url!, status.Token));
        // Nothing but the spawner's own line: readiness did not come from the log.
        Assert.Single(await File.ReadAllLinesAsync(_state.ServerLog("alice"), TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _jupyter.Dispose();
        _state.Dispose();
    }
}
