using System.Diagnostics;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Cold start to all healthy, and idle memory: the Lakehouse AppHost (five services plus RabbitMQ) against
/// JupyterHub 3.0 with CHP 4.5 (hub plus proxy), each started from an empty state folder.
/// </summary>
internal static class AppHostStartupBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    /// <summary>Past the services' first quiet checks (every 10 s), after which they give their free memory back.</summary>
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(40);
    private static readonly string[] FrontServices = ["hub", "route-controller"];

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Cold start to all healthy, and idle memory (median of {options.Runs} runs)",
            ["System", "Hub + proxy healthy", "All healthy", "Idle RSS: supervisor", "Idle RSS: whole tree"]);

        var ours = await MeasureAsync(options.Runs, async ct =>
        {
            await using var appHost = new LakehouseAppHost();
            var stopwatch = Stopwatch.StartNew();
            double? front = null;
            appHost.Start();
            await Measurements.WaitUntilAsync(async token =>
            {
                var report = await appHost.GetHealthAsync(token);
                if (front is null && report is not null && FrontServices.All(report.Healthy.Contains))
                {
                    front = stopwatch.Elapsed.TotalMilliseconds;
                }

                return report?.AllHealthy == true;
            }, StartTimeout, "All AppHost resources healthy", ct);
            var startup = stopwatch.Elapsed.TotalMilliseconds;
            await Task.Delay(IdleSettle, ct);
            return new Sample(front ?? startup, startup, ProcessTree.ResidentBytes(appHost.ProcessId), ProcessTree.TreeResidentBytes(appHost.ProcessId));
        }, cancellationToken);
        table.AddRow("Lakehouse AppHost: 5 services + RabbitMQ",
            Measurements.Milliseconds(ours.FrontMs), Measurements.Milliseconds(ours.StartupMs), Measurements.MiB(ours.SupervisorBytes), Measurements.MiB(ours.TreeBytes));

        if (JupyterHubPeer.MissingPrerequisite() is { } missing)
        {
            table.AddNote($"Peer not measured: {missing}");
            return table;
        }

        var peer = await MeasureAsync(options.Runs, async ct =>
        {
            await using var hub = new JupyterHubPeer();
            var stopwatch = Stopwatch.StartNew();
            hub.Start();
            await hub.WaitUntilHealthyAsync(ct);
            var startup = stopwatch.Elapsed.TotalMilliseconds;
            await Task.Delay(IdleSettle, ct);
            return new Sample(startup, startup, ProcessTree.ResidentBytes(hub.ProcessId), ProcessTree.TreeResidentBytes(hub.ProcessId));
        }, cancellationToken);
        table.AddRow("JupyterHub 3.0 + CHP 4.5 (peer)",
            Measurements.Milliseconds(peer.FrontMs), Measurements.Milliseconds(peer.StartupMs), Measurements.MiB(peer.SupervisorBytes), Measurements.MiB(peer.TreeBytes));
        table.AddNote("Hub + proxy: our hub and route-controller (and what they wait for: spawner, fileserver) Running and Healthy; for the peer, /hub/health through CHP.");
        table.AddNote("All healthy: every resource, including RabbitMQ's first boot, which the peer has no counterpart for.");
        table.AddNote("Supervisor: the AppHost process alone, or the JupyterHub process alone. Whole tree: it and every process it started.");
        table.AddNote($"Idle figures are read {IdleSettle.TotalSeconds:N0} s after all health checks pass.");
        return table;
    }

    private static async Task<Sample> MeasureAsync(int runs, Func<CancellationToken, Task<Sample>> measure, CancellationToken cancellationToken)
    {
        var samples = new List<Sample>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(await measure(cancellationToken));
        }

        return new Sample(
            Measurements.Median(samples.Select(s => s.FrontMs)),
            Measurements.Median(samples.Select(s => s.StartupMs)),
            (long)Measurements.Median(samples.Select(s => (double)s.SupervisorBytes)),
            (long)Measurements.Median(samples.Select(s => (double)s.TreeBytes)));
    }

    private sealed record Sample(double FrontMs, double StartupMs, long SupervisorBytes, long TreeBytes);
}
