using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class WaitForTests
{
    [Fact]
    public async Task Dependent_waits_until_its_dependency_is_running_and_healthy()
    {
        await using var host = new TestAppHost();
        // The server only listens after two seconds, so there is a real window in which it runs but is not healthy.
        var slow = host.Builder.AddExecutable("slow", "sh", host.WorkDirectory, "-c",
                "sleep 2; exec /usr/bin/python3 -m http.server \"$PORT\" --bind 127.0.0.1")
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/");
        host.Builder.AddExecutable("waiter", "sleep", host.WorkDirectory, "600").WaitFor(slow);
        host.Build();
        var events = new List<ResourceSnapshot>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var snapshot in host.Monitor.WatchAsync(watching.Token))
                {
                    lock (events)
                    {
                        events.Add(snapshot);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, TestContext.Current.CancellationToken);
        await host.StartAsync();

        await host.WaitForStateAsync("waiter", KnownResourceStates.Running);
        await watching.CancelAsync();
        await watcher;

        List<ResourceSnapshot> seen;
        lock (events)
        {
            seen = [.. events];
        }

        var slowRunningUnhealthy = seen.FindIndex(s => s is { Name: "slow", State: KnownResourceStates.Running } && s.Health != ResourceHealth.Healthy);
        var slowHealthy = seen.FindIndex(s => s is { Name: "slow", State: KnownResourceStates.Running, Health: ResourceHealth.Healthy });
        var waiterWaiting = seen.FindIndex(s => s is { Name: "waiter", State: KnownResourceStates.Waiting });
        var waiterStarting = seen.FindIndex(s => s is { Name: "waiter", State: KnownResourceStates.Starting });
        Assert.True(slowRunningUnhealthy >= 0 && waiterWaiting >= 0, "the dependency ran unhealthy while the dependent waited");
        Assert.True(slowHealthy >= 0 && waiterStarting > slowHealthy, $"waiter started at event {waiterStarting}, dependency healthy at {slowHealthy}");
    }

    [Fact]
    public async Task Dependent_fails_to_start_when_its_dependency_fails_or_exits()
    {
        await using var host = new TestAppHost();
        var broken = host.Builder.AddExecutable("broken", "lakehouse-no-such-program", host.WorkDirectory);
        // Never healthy, so the dependent is still waiting when it exits.
        var quitter = host.Builder.AddExecutable("quitter", "sh", host.WorkDirectory, "-c", "sleep 1; exit 4")
            .WithCommandHealthCheck("false");
        host.Builder.AddExecutable("after-broken", "sleep", host.WorkDirectory, "600").WaitFor(broken);
        host.Builder.AddExecutable("after-quitter", "sleep", host.WorkDirectory, "600").WaitFor(quitter);
        await host.StartAsync();

        var afterBroken = await host.WaitForStateAsync("after-broken", KnownResourceStates.FailedToStart);
        var afterQuitter = await host.WaitForStateAsync("after-quitter", KnownResourceStates.FailedToStart);

        Assert.Equal("dependency 'broken' failed to start", afterBroken.StateReason);
        Assert.Equal("dependency 'quitter' exited with code 4", afterQuitter.StateReason);
    }

    [Fact]
    public async Task WaitForCompletion_starts_after_the_dependency_finished()
    {
        await using var host = new TestAppHost();
        var migrate = host.Builder.AddExecutable("migrate", "sh", host.WorkDirectory, "-c", "sleep 1; exit 0");
        host.Builder.AddExecutable("app", "sleep", host.WorkDirectory, "600").WaitForCompletion(migrate);
        await host.StartAsync();

        var app = await host.WaitForStateAsync("app", KnownResourceStates.Running);

        var migrated = host.Snapshot("migrate");
        Assert.Equal(KnownResourceStates.Finished, migrated.State);
        Assert.True(app.StartTime >= migrated.StopTime);
    }

    [Fact]
    public async Task A_WaitFor_cycle_fails_to_start_and_names_the_cycle()
    {
        await using var host = new TestAppHost();
        var first = host.Builder.AddExecutable("first", "sleep", host.WorkDirectory, "600");
        var second = host.Builder.AddExecutable("second", "sleep", host.WorkDirectory, "600").WaitFor(first);
        first.WaitFor(second);
        await host.StartAsync();

        var snapshot = await host.WaitForStateAsync("first", KnownResourceStates.FailedToStart);

        Assert.Equal("WaitFor cycle: first -> second -> first", snapshot.StateReason);
        Assert.Equal(KnownResourceStates.FailedToStart, (await host.WaitForStateAsync("second", KnownResourceStates.FailedToStart)).State);
    }
}
