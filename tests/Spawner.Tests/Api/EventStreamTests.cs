using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary><c>/api/events</c>, as the route controller follows it: a snapshot, then every change.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new SpawnerApp(_state);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TheStream_SendsASnapshot_ThenEachChange_IncludingADeath()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        using var routeController = _app.CreateClient(SpawnerApp.RouteControllerToken);
        using var response = await routeController.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        await using var events = SpawnerStreamReader.ReadServerEventsAsync(stream, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ServerEventTypes.Snapshot, events.Current.Type);
        Assert.Empty(events.Current.Servers);

        using (await _app.StartAsync(TestUsers.Alice))
        {
        }

        var running = await NextUntilAsync(events, s => s.State == ServerState.Running);
        Assert.Equal("alice", running.Name);
        Assert.NotNull(running.Url);
        Assert.NotNull(running.Token);

        LinuxProcesses.Kill(running.Pid!.Value);

        var failed = await NextUntilAsync(events, s => s.State != ServerState.Running);
        Assert.Equal(ServerState.Failed, failed.State);
        Assert.Contains("signal 9", failed.Message);
    }

    [Fact]
    public async Task AReconnectingClient_GetsASnapshotWithTheRunningServers()
    {
        var running = await _app.StartReadyAsync(TestUsers.Alice);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));

        using var response = await _app.Hub.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        await using var events = SpawnerStreamReader.ReadServerEventsAsync(stream, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ServerEventTypes.Snapshot, events.Current.Type);
        var server = Assert.Single(events.Current.Servers);
        Assert.Equal(ServerState.Running, server.State);
        Assert.Equal(running.Url, server.Url);
        Assert.Equal(running.Token, server.Token);
    }

    private static async Task<ServerStatus> NextUntilAsync(IAsyncEnumerator<ServerEvent> events, Func<ServerStatus, bool> predicate)
    {
        while (await events.MoveNextAsync())
        {
            Assert.Equal(ServerEventTypes.Server, events.Current.Type);
            var status = Assert.Single(events.Current.Servers);
            if (predicate(status))
            {
                return status;
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
