using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>One start at a time per user; different users do not wait for each other.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new SpawnerApp(_state);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SimultaneousStartsOfOneUser_StartOneServer_AndOtherUsersStartTheirOwn()
    {
        var requests = Enumerable.Range(0, 5).Select(_ => _app.StartAsync(TestUsers.Alice)).Append(_app.StartAsync(TestUsers.Bob)).ToList();
        var responses = await Task.WhenAll(requests);
        var aliceCodes = responses[..5].Select(r => r.StatusCode).ToList();
        var bobCode = responses[5].StatusCode;
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Single(aliceCodes, HttpStatusCode.Accepted);
        Assert.All(aliceCodes.Where(c => c != HttpStatusCode.Accepted), code => Assert.Contains(code, new[] { HttpStatusCode.Conflict, HttpStatusCode.OK }));
        Assert.Equal(HttpStatusCode.Accepted, bobCode);

        Assert.True((await _app.ReadProgressAsync("alice"))[^1].Ready);
        Assert.True((await _app.ReadProgressAsync("bob"))[^1].Ready);
        var servers = await _app.ListAsync();
        Assert.Equal(["alice", "bob"], servers.Select(s => s.Name));
        Assert.All(servers, s => Assert.Equal(ServerState.Running, s.State));
        Assert.Equal(4, servers.SelectMany(s => new[] { s.Url!.Port, s.SparkUiUrl!.Port }).Distinct().Count());
        // One Jupyter server per user, each under its own uid.
        var pids = _state.ProcessesStartedHere();
        Assert.Equal(2, pids.Count);
        Assert.Equal(["10001", "10002"], pids.Select(pid => LinuxProcesses.StatusField(pid, "Uid")[0]).Order());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
