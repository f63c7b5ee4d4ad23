using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary>Idle event streams send keepalive comments, so that proxies and clients keep them open.</summary>
public sealed class KeepAliveTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        var neverListens = _state.WriteScript("never-listens", "#!/bin/sh\nexec sleep 600\n");
        _app = new SpawnerApp(_state, new Dictionary<string, string?>
        {
            ["Spawner:JupyterPath"] = neverListens,
            ["Spawner:KeepAliveInterval"] = "00:00:00.200",
        });
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/servers/alice/progress")]
    public async Task AnIdleStream_SendsKeepaliveComments(string path)
    {
        using (await _app.StartAsync(TestUsers.Alice))
        {
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        using var response = await _app.Hub.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var keepalives = 0;
        while (keepalives < 2 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == ": keepalive")
            {
                keepalives++;
            }
        }

        Assert.Equal(2, keepalives);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
