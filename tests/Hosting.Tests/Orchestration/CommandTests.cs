using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class CommandTests
{
    [Fact]
    public async Task Stop_start_and_restart_replace_the_process()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("svc", "sleep", host.WorkDirectory, "600");
        await host.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var first = (await host.WaitForStateAsync("svc", KnownResourceStates.Running)).ProcessId!.Value;

        await host.Monitor.ExecuteCommandAsync("svc", KnownResourceCommands.Stop, ct);
        var stopped = host.Snapshot("svc");
        Assert.Equal((KnownResourceStates.Exited, "stopped"), (stopped.State, stopped.StateReason));
        Assert.False(ProcessProbe.IsAlive(first));

        await host.Monitor.ExecuteCommandAsync("svc", KnownResourceCommands.Start, ct);
        var second = (await host.WaitForStateAsync("svc", KnownResourceStates.Running)).ProcessId!.Value;
        Assert.NotEqual(first, second);

        await host.Monitor.ExecuteCommandAsync("svc", KnownResourceCommands.Restart, ct);
        var third = (await host.WaitForStateAsync("svc", KnownResourceStates.Running)).ProcessId!.Value;
        Assert.NotEqual(second, third);
        Assert.False(ProcessProbe.IsAlive(second));
        Assert.True(ProcessProbe.IsAlive(third));
    }

    [Fact]
    public async Task Stop_escalates_to_SIGKILL_for_a_process_that_ignores_SIGTERM()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("stubborn", "sh", host.WorkDirectory, "-c", "trap '' TERM; echo ready; while true; do sleep 1; done");
        await host.StartAsync();
        await host.WaitForOutputAsync("stubborn", "ready");
        var pid = host.Snapshot("stubborn").ProcessId!.Value;

        await host.Monitor.ExecuteCommandAsync("stubborn", KnownResourceCommands.Stop, TestContext.Current.CancellationToken);

        var stopped = host.Snapshot("stubborn");
        Assert.Equal(KnownResourceStates.Exited, stopped.State);
        Assert.Equal(128 + 9, stopped.ExitCode);
        Assert.False(ProcessProbe.IsAlive(pid));
    }

    [Fact]
    public async Task Unknown_resource_or_command_is_rejected_clearly()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("svc", "sleep", host.WorkDirectory, "600");
        await host.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var resource = await Assert.ThrowsAsync<ArgumentException>(() => host.Monitor.ExecuteCommandAsync("nope", KnownResourceCommands.Start, ct));
        var command = await Assert.ThrowsAsync<ArgumentException>(() => host.Monitor.ExecuteCommandAsync("svc", "explode", ct));

        Assert.StartsWith("Unknown resource 'nope'; the resources are svc.", resource.Message, StringComparison.Ordinal);
        Assert.StartsWith("Unknown command 'explode'; the commands are start, stop, restart.", command.Message, StringComparison.Ordinal);
    }
}
