using System.Net;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.Servers;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>
/// Servers that boot on this machine take turns: beyond <c>Spawner:ConcurrentBoots</c> a start waits, its progress says
/// so, and it starts once a turn is free; a start whose deadline passes while it waits gets no turn. Pods do not wait.
/// </summary>
public sealed class BootTurnTests : IAsyncLifetime
{
    private const string WaitingMessage = "Waiting for a turn to start";

    private readonly StateFolder _state = new();
    private SpawnerApp? _app;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Beyond_the_concurrent_boots_a_start_waits_its_turn_says_so_and_then_runs()
    {
        _app = new SpawnerApp(_state, new Dictionary<string, string?> { ["Spawner:ConcurrentBoots"] = "1" });

        var responses = await Task.WhenAll(_app.StartAsync(TestUsers.Alice), _app.StartAsync(TestUsers.Bob));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var alice = await _app.ReadProgressAsync("alice");
        var bob = await _app.ReadProgressAsync("bob");

        Assert.True(alice[^1].Ready, alice[^1].Message);
        Assert.True(bob[^1].Ready, bob[^1].Message);
        // One of the two had the turn; the other waited for it, and its process started only after the wait.
        var waited = Assert.Single(new[] { alice, bob }, events => events.Any(e => e.Message.StartsWith(WaitingMessage, StringComparison.Ordinal)));
        var waiting = waited.ToList().FindIndex(e => e.Message.StartsWith(WaitingMessage, StringComparison.Ordinal));
        var started = waited.ToList().FindIndex(e => e.Message == "Server process started");
        Assert.InRange(started, waiting + 1, waited.Count - 1);
        Assert.Equal([ServerState.Running, ServerState.Running], (await _app.ListAsync()).Select(s => s.State));
    }

    [Fact]
    public async Task A_start_whose_deadline_passes_while_it_waits_gets_no_turn_and_a_freed_turn_is_taken_at_once()
    {
        using var gate = new BootGate(new StubBackend(bootsHere: true), Microsoft.Extensions.Options.Options.Create(new SpawnerOptions { ConcurrentBoots = 1 }), TimeProvider.System);
        var token = TestContext.Current.CancellationToken;
        var first = new Progress();
        var second = new Progress();

        var turn = await gate.WaitForTurnAsync(first, DateTimeOffset.UtcNow.AddSeconds(30), token);
        var late = await gate.WaitForTurnAsync(second, DateTimeOffset.UtcNow.AddMilliseconds(300), token);

        Assert.NotNull(turn);
        Assert.Empty(first.Events);
        Assert.Null(late);
        Assert.StartsWith(WaitingMessage, Assert.Single(second.Events).Message);

        var waiter = gate.WaitForTurnAsync(second, DateTimeOffset.UtcNow.AddSeconds(30), token);
        Assert.False(waiter.IsCompleted);
        turn.Dispose();
        using var next = await waiter.WaitAsync(TimeSpan.FromSeconds(10), token);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Servers_that_boot_elsewhere_never_wait()
    {
        using var gate = new BootGate(new StubBackend(bootsHere: false), Microsoft.Extensions.Options.Options.Create(new SpawnerOptions { ConcurrentBoots = 1 }), TimeProvider.System);
        var progress = new Progress();

        var turns = new List<IDisposable?>();
        for (var i = 0; i < 3; i++)
        {
            turns.Add(await gate.WaitForTurnAsync(progress, DateTimeOffset.UtcNow.AddMilliseconds(100), TestContext.Current.CancellationToken));
        }

        Assert.All(turns, Assert.NotNull);
        Assert.Empty(progress.Events);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _state.Dispose();
    }

    private sealed class Progress : IProgress<ProgressEvent>
    {
        public List<ProgressEvent> Events { get; } = [];

        public void Report(ProgressEvent value) => Events.Add(value);
    }

    /// <summary>Only where its servers boot matters to the gate.</summary>
    private sealed class StubBackend(bool bootsHere) : IServerBackend
    {
        public bool BootsOnThisMachine => bootsHere;

        public Task<ServerInstance> LaunchAsync(ServerLaunch launch, IProgress<ProgressEvent> progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<ServerExit?> CheckAsync(ServerInstance instance, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ServerExit>> SurveyAsync(IReadOnlyCollection<ServerInstance> running, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Adopt(ServerInstance instance) => throw new NotSupportedException();

        public Task StopAsync(ServerInstance instance, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
