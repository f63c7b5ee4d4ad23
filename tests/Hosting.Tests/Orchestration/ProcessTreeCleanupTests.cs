using System.Globalization;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class ProcessTreeCleanupTests
{
    private const string Daemonizing = "setsid sleep 600 & echo \"grandchild=$!\"; exec sleep 600";

    [Fact]
    public async Task Stopping_the_app_leaves_no_process_behind_even_a_daemonized_grandchild()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("daemonizer", "sh", host.WorkDirectory, "-c", Daemonizing);
        await host.StartAsync();
        var grandchild = await ProcessProbe.WaitForOwnSessionAsync(int.Parse(await host.WaitForOutputAsync("daemonizer", "grandchild="), CultureInfo.InvariantCulture));
        var child = host.Snapshot("daemonizer").ProcessId!.Value;
        Assert.True(ProcessProbe.IsAlive(grandchild));
        Assert.Equal(child, ProcessProbe.SessionOf(child));
        Assert.NotEqual(ProcessProbe.SessionOf(child), ProcessProbe.SessionOf(grandchild));

        await host.StopAsync();

        Assert.False(ProcessProbe.IsAlive(child), $"resource process {child} is still alive");
        Assert.False(ProcessProbe.IsAlive(grandchild), $"daemonized grandchild {grandchild} is still alive");
    }

    [Fact]
    public async Task Stopping_one_resource_kills_only_its_process_group_and_the_app_stop_sweeps_the_rest()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("spawner", "sh", host.WorkDirectory, "-c", Daemonizing);
        await host.StartAsync();
        var server = await ProcessProbe.WaitForOwnSessionAsync(int.Parse(await host.WaitForOutputAsync("spawner", "grandchild="), CultureInfo.InvariantCulture));
        var spawner = host.Snapshot("spawner").ProcessId!.Value;

        await host.Monitor.ExecuteCommandAsync("spawner", KnownResourceCommands.Stop, TestContext.Current.CancellationToken);

        Assert.False(ProcessProbe.IsAlive(spawner));
        // Like a Jupyter server started in its own session: it survives a restart of the process that started it.
        Assert.True(ProcessProbe.IsAlive(server), "a process in its own session must survive a stop of its parent resource");

        await host.StopAsync();

        Assert.False(ProcessProbe.IsAlive(server), $"orphan {server} survived the AppHost stop");
    }

    [Fact]
    public async Task Orphans_are_adopted_by_the_AppHost_and_reaped_when_they_exit()
    {
        await using var host = new TestAppHost("--Lakehouse:Orchestrator:ReapInterval=00:00:00.500");
        host.Builder.AddExecutable("spawner", "sh", host.WorkDirectory, "-c", Daemonizing);
        await host.StartAsync();
        var orphan = await ProcessProbe.WaitForOwnSessionAsync(int.Parse(await host.WaitForOutputAsync("spawner", "grandchild="), CultureInfo.InvariantCulture));
        await host.Monitor.ExecuteCommandAsync("spawner", KnownResourceCommands.Stop, TestContext.Current.CancellationToken);

        Assert.Equal(Environment.ProcessId, ProcessProbe.ParentOf(orphan));
        System.Diagnostics.Process.GetProcessById(orphan).Kill();

        // Not just dead: waited on, so no zombie stays in the process table.
        var deadline = DateTime.UtcNow + TestAppHost.Timeout;
        while (Directory.Exists($"/proc/{orphan}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.False(Directory.Exists($"/proc/{orphan}"), $"orphan {orphan} was not reaped");
    }

    [Fact]
    public async Task An_orphan_that_scrubbed_its_environment_is_still_known_and_swept()
    {
        // Like a Jupyter server started with `env -i` by a spawner that then died: no marker variable, no parent.
        await using var host = new TestAppHost("--Lakehouse:Orchestrator:ReapInterval=00:00:00.200");
        host.Builder.AddExecutable("spawner", "sh", host.WorkDirectory, "-c", "setsid env -i /bin/sleep 600 & echo \"grandchild=$!\"; exec sleep 600");
        await host.StartAsync();
        var server = await ProcessProbe.WaitForOwnSessionAsync(int.Parse(await host.WaitForOutputAsync("spawner", "grandchild="), CultureInfo.InvariantCulture));
        // Several bookkeeping passes see it while its parent still lives.
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await host.Monitor.ExecuteCommandAsync("spawner", KnownResourceCommands.Stop, TestContext.Current.CancellationToken);
        Assert.True(ProcessProbe.IsAlive(server));

        await host.StopAsync();

        Assert.False(ProcessProbe.IsAlive(server), $"orphan {server} without a marker survived the AppHost stop");
    }
}
