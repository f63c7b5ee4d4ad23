using System.Diagnostics;
using System.Globalization;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Spawn overhead: from <c>POST /hub/api/users/{name}/server</c> to the first 200 of <c>/user/{name}/api/status</c>
/// through the proxy, minus the single-user server's own boot time measured directly in the same run. And 20 spawns at
/// once, against the limit the machine sets: the 20 servers' boot CPU time divided by the cores. And the memory of the
/// parts that play JupyterHub's and CHP's roles, idle and with the 20 servers running. Each system first makes one
/// unmeasured spawn.
/// </summary>
internal static class SpawnBenchmark
{
    private const int ConcurrentSpawns = 20;

    /// <summary>Bare boots whose median CPU time makes a system's limit.</summary>
    private const int LimitBoots = 5;

    /// <summary>
    /// After start, before idle memory is read, and after the 20 servers answered, before their memory is read again:
    /// start-up or burst garbage collected, caches settled, and past the quiet checks (every 10 s) after which a
    /// Lakehouse service gives its free memory back. Both systems wait as long; the memory right after the burst is
    /// reported too.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(40);

    /// <summary>A single spawn is timed closely; during 20 at once, 2,000 polls a second would be load of the benchmark's own.</summary>
    private static readonly TimeSpan SinglePoll = TimeSpan.FromMilliseconds(10);

    /// <summary>At most 1 % of the 20 spawns' wall time.</summary>
    private static readonly TimeSpan ConcurrentPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Lakehouse's processes in the hub, spawner and proxy roles, by <see cref="ProcessTree.Label"/>.</summary>
    private static readonly string[] OurServices = ["Lakehouse.Hub", "Lakehouse.Spawner", "Lakehouse.RouteController"];

    public static async Task<IReadOnlyList<ResultTable>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Spawn: POST …/server to the first proxied 200 (median of {options.Runs}), and {ConcurrentSpawns} at once",
            ["System", "Spawn", "Bare server boot", "Overhead", $"{ConcurrentSpawns} at once", $"Limit: {ConcurrentSpawns} boots' CPU / {Environment.ProcessorCount} cores",
                $"{ConcurrentSpawns} bare servers at once (no platform, no turns)"]);
        var memory = new ResultTable(
            $"Memory of the hub, spawner and proxy roles: idle ({Settle.TotalSeconds:N0} s after start), with {ConcurrentSpawns} servers running ({Settle.TotalSeconds:N0} s after the last answered) and right after they answered",
            ["System", "Idle RSS", "Idle PSS", $"{ConcurrentSpawns} servers: RSS", $"{ConcurrentSpawns} servers: PSS", "Right after: RSS", "Right after: PSS"]);
        if (new[] { JupyterServer.MissingPrerequisite(), JupyterHubPeer.MissingPrerequisite() }.FirstOrDefault(m => m is not null) is { } missing)
        {
            table.AddNote($"Not measured: {missing}");
            return [table];
        }

        // A bare boot is measured right before each measured spawn, so that each system's overhead is taken against
        // boots of the same moment (a boot measured minutes apart on a busy machine made an overhead below zero).
        using var bareBoot = new BareJupyterBoot();
        var ourBoots = new List<BareJupyterBoot.Sample>();

        await using (var platform = await LakehouseAppHost.StartHealthyAsync(cancellationToken))
        {
            await Task.Delay(Settle, cancellationToken);
            var services = Memory.FindAll(platform.ProcessId, OurServices);
            var idle = Memory.Of(services);

            using var alice = await LakehouseUser.LogInAsync(platform, "alice", cancellationToken);
            // Unmeasured: the first spawn of a fresh platform also compiles its code paths (both systems get one).
            await alice.SpawnAsync(SinglePoll, cancellationToken);
            await alice.StopAsync(cancellationToken);
            var ours = new List<double>();
            for (var i = 0; i < options.Runs; i++)
            {
                ourBoots.Add(await bareBoot.MeasureAsync(cancellationToken));
                ours.Add(await alice.SpawnAsync(SinglePoll, cancellationToken));
                await alice.StopAsync(cancellationToken);
            }

            // Twenty people of the directory, each logged in once (the hub learns their uid and gid at login).
            var names = ManyNames();
            await platform.AddDirectoryUsersAsync(names, firstUid: 30001, cancellationToken);
            var many = new List<LakehouseUser>();
            foreach (var name in names)
            {
                many.Add(await LakehouseUser.LogInAsync(platform, name, cancellationToken));
            }

            await WarmUpBurstAsync(many, u => u.SpawnAsync(ConcurrentPoll, cancellationToken), u => u.StopAsync(cancellationToken));
            var ourLimit = LimitMs(await MeasureBootsAsync(bareBoot, cancellationToken));
            var ourBareBurst = await bareBoot.MeasureBurstAsync(ConcurrentSpawns, ConcurrentPoll, cancellationToken);
            var cpuBefore = PlatformCpu(platform.ProcessId);
            var (wallMs, ourMedianMs) = await TimeBurstAsync(many, u => u.SpawnAsync(ConcurrentPoll, cancellationToken));
            table.AddNote(MedianWaitNote("Lakehouse's", ourMedianMs));
            table.AddNote(PlatformCpuNote(cpuBefore, PlatformCpu(platform.ProcessId)));
            table.AddNote(ServersCpuNote("Lakehouse's", platform.ProcessId, "base_url=/user/many"));
            var burst = Memory.Of(services);
            await Task.Delay(Settle, cancellationToken);
            var busy = Memory.Of(services);
            await Task.WhenAll(many.Select(u => u.StopAsync(cancellationToken)));
            many.ForEach(u => u.Dispose());

            var spawnMs = Measurements.Median(ours);
            var bootMs = Measurements.Median(ourBoots.Select(b => b.BootMs));
            table.AddRow("Lakehouse (hub, spawner, route controller)",
                Measurements.Milliseconds(spawnMs), Measurements.Milliseconds(bootMs), Measurements.Milliseconds(spawnMs - bootMs),
                AgainstLimit(wallMs, ourLimit), Measurements.Milliseconds(ourLimit), BareBurstCell(ourBareBurst, ourLimit));
            memory.AddRow("Lakehouse hub + spawner + route controller", idle.Rss, idle.Pss, busy.Rss, busy.Pss, burst.Rss, burst.Pss);
        }

        if (!options.Includes("JupyterHub"))
        {
            table.AddNote(LimitNote);
            return [table, memory];
        }

        await using var hub = new JupyterHubPeer();
        hub.Start();
        await hub.WaitUntilHealthyAsync(cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        var peerProcesses = new[] { hub.ProcessId, ProcessTree.FindInTree(hub.ProcessId, "configurable-http-proxy") ?? hub.ProcessId }.Distinct().ToList();
        var peerIdle = Memory.Of(peerProcesses);
        await hub.CreateUsersAsync(["warmup"], cancellationToken);
        await SpawnAsync(hub, "warmup", SinglePoll, cancellationToken);
        await hub.StopServerAsync("warmup", cancellationToken);
        var singles = new List<double>();
        var peerBoots = new List<BareJupyterBoot.Sample>();
        for (var i = 0; i < options.Runs; i++)
        {
            var name = $"single{i.ToString(CultureInfo.InvariantCulture)}";
            await hub.CreateUsersAsync([name], cancellationToken);
            peerBoots.Add(await bareBoot.MeasureAsync(cancellationToken));
            singles.Add(await SpawnAsync(hub, name, SinglePoll, cancellationToken));
            // As Lakehouse's alice: no server but the 20 runs during the 20 at once.
            await hub.StopServerAsync(name, cancellationToken);
        }

        var peerMany = ManyNames();
        await hub.CreateUsersAsync(peerMany, cancellationToken);
        await WarmUpBurstAsync(peerMany, name => SpawnAsync(hub, name, ConcurrentPoll, cancellationToken), name => hub.StopServerAsync(name, cancellationToken));
        var peerLimit = LimitMs(await MeasureBootsAsync(bareBoot, cancellationToken));
        var peerBareBurst = await bareBoot.MeasureBurstAsync(ConcurrentSpawns, ConcurrentPoll, cancellationToken);
        var (peerWallMs, peerMedianMs) = await TimeBurstAsync(peerMany, name => SpawnAsync(hub, name, ConcurrentPoll, cancellationToken));
        table.AddNote(MedianWaitNote("JupyterHub's", peerMedianMs));
        table.AddNote(ServersCpuNote("JupyterHub's", hub.ProcessId, "jupyterhub-singleuser"));
        var peerBurst = Memory.Of(peerProcesses);
        await Task.Delay(Settle, cancellationToken);
        var peerBusy = Memory.Of(peerProcesses);
        var spawn = Measurements.Median(singles);
        var peerBootMs = Measurements.Median(peerBoots.Select(b => b.BootMs));
        table.AddRow("JupyterHub 3.0 + CHP 4.5 (peer)",
            Measurements.Milliseconds(spawn), Measurements.Milliseconds(peerBootMs), Measurements.Milliseconds(spawn - peerBootMs),
            AgainstLimit(peerWallMs, peerLimit), Measurements.Milliseconds(peerLimit), BareBurstCell(peerBareBurst, peerLimit));
        memory.AddRow("JupyterHub 3.0 + CHP 4.5 (peer)", peerIdle.Rss, peerIdle.Pss, peerBusy.Rss, peerBusy.Pss, peerBurst.Rss, peerBurst.Pss);
        table.AddNote("The peer spawns jupyterhub-singleuser with SimpleLocalProcessSpawner; the bare boot is Debian's jupyter-server itself (no `jupyter` launcher: Lakehouse's spawner starts it so, and jupyterhub-singleuser has none either) with a token, measured directly.");
        table.AddNote($"Lakehouse's servers start as their LDAP users' UID/GID with a fresh home; the {ConcurrentSpawns} users are added to the platform's directory and log in once first.");
        table.AddNote(LimitNote);
        memory.AddNote("PSS divides each shared page (the .NET runtime and framework, Python and its libraries) among the processes mapping it.");
        return [table, memory];
    }

    /// <summary>A wall time and its ratio to the limit (the goal: at most 1.2×).</summary>
    private static string AgainstLimit(double wallMs, double limitMs) => $"{Measurements.Milliseconds(wallMs)} ({Ratio(wallMs, limitMs)})";

    /// <summary>The bare burst's wall time against the same moment's limit, and its servers' CPU.</summary>
    private static string BareBurstCell(BareJupyterBoot.BurstSample burst, double limitMs) =>
        $"{Measurements.Milliseconds(burst.WallMs)} ({Ratio(burst.WallMs, limitMs)}; servers' CPU {Measurements.Milliseconds(burst.CpuTime.TotalMilliseconds)})";

    private static string Ratio(double wallMs, double limitMs) => $"{(wallMs / limitMs).ToString("N2", CultureInfo.InvariantCulture)}× the limit";

    private static readonly string LimitNote =
        $"Each row's bare boot is the median of boots measured right before its single spawns; its limit takes the median CPU time of {LimitBoots} bare boots measured right before its {ConcurrentSpawns} at once (after an unmeasured {ConcurrentSpawns} at once, stopped again). Right after those, {ConcurrentSpawns} bare servers are started at once by the benchmark itself, with no platform, each polled every 100 ms and all kept running until the last answered: what a launcher that added nothing would reach at that moment (each server's CPU read when it answered). Single spawns are polled every 10 ms, the {ConcurrentSpawns} at once every 100 ms.";

    /// <summary>The CPU time so far of every process of the platform but the users' servers and kernels, by pid.</summary>
    private static Dictionary<int, (string Label, TimeSpan Cpu)> PlatformCpu(int appHost) =>
        ProcessTree.WithDescendants(appHost)
            .Where(pid => !ProcessTree.CommandLineContains(pid, "jupyter") && !ProcessTree.CommandLineContains(pid, "ipykernel"))
            .ToDictionary(pid => pid, pid => (ProcessTree.Label(pid), ProcessTree.CpuTime(pid)));

    /// <summary>What the platform itself (not the servers) spent while the 20 started, largest first.</summary>
    private static string PlatformCpuNote(Dictionary<int, (string Label, TimeSpan Cpu)> before, Dictionary<int, (string Label, TimeSpan Cpu)> after)
    {
        var spent = after
            .Select(p => (p.Value.Label, Cpu: p.Value.Cpu - (before.TryGetValue(p.Key, out var then) ? then.Cpu : TimeSpan.Zero)))
            .GroupBy(p => p.Label, p => p.Cpu.TotalMilliseconds)
            .Select(g => (Label: g.Key, Ms: g.Sum()))
            .Where(g => g.Ms > 0)
            .OrderByDescending(g => g.Ms)
            .ToList();
        return $"Lakehouse's own CPU during the {ConcurrentSpawns} at once (every process of the platform but the servers): "
            + $"{Measurements.Milliseconds(spent.Sum(s => s.Ms))}: "
            + string.Join(", ", spent.Take(8).Select(s => $"{s.Label} {Measurements.Milliseconds(s.Ms)}")) + ".";
    }

    /// <summary>
    /// One unmeasured burst, stopped again: afterwards each of the 20 homes holds its runtime files, as the bare boot's
    /// home does, and the system has run its concurrent paths once.
    /// </summary>
    private static async Task WarmUpBurstAsync<T>(IReadOnlyList<T> users, Func<T, Task> spawn, Func<T, Task> stop)
    {
        await Task.WhenAll(users.Select(spawn));
        await Task.WhenAll(users.Select(stop));
    }

    /// <summary>Milliseconds until every one of the users' servers answered through the proxy, and the median user's wait.</summary>
    private static async Task<(double WallMs, double MedianMs)> TimeBurstAsync<T>(IReadOnlyList<T> users, Func<T, Task<double>> spawn)
    {
        var wall = Stopwatch.StartNew();
        var each = await Task.WhenAll(users.Select(spawn));
        return (wall.Elapsed.TotalMilliseconds, Measurements.Median(each));
    }

    private static string MedianWaitNote(string system, double medianMs) =>
        $"{system} median user of the {ConcurrentSpawns} at once had their server after {Measurements.Milliseconds(medianMs)}.";

    /// <summary>What the 20 servers themselves used, read as the last one answered: above the bare boots' CPU, it is their contention.</summary>
    private static string ServersCpuNote(string system, int root, string commandLineText)
    {
        var servers = ProcessTree.WithDescendants(root).Where(pid => ProcessTree.CommandLineContains(pid, commandLineText)).ToList();
        var cpuMs = servers.Sum(pid => ProcessTree.CpuTime(pid).TotalMilliseconds);
        return $"{system} {servers.Count} servers' own CPU when the last answered: {Measurements.Milliseconds(cpuMs)} "
            + $"({Measurements.Milliseconds(cpuMs / Environment.ProcessorCount)} over {Environment.ProcessorCount} cores).";
    }

    /// <summary>Bare boots right before a system's 20 at once, for its limit: the same moment's machine, and enough boots for a steady median.</summary>
    private static async Task<List<BareJupyterBoot.Sample>> MeasureBootsAsync(BareJupyterBoot bareBoot, CancellationToken cancellationToken)
    {
        var boots = new List<BareJupyterBoot.Sample>();
        for (var i = 0; i < LimitBoots; i++)
        {
            boots.Add(await bareBoot.MeasureAsync(cancellationToken));
        }

        return boots;
    }

    /// <summary>20 bare boots' CPU time divided by the cores: what the machine allows at best.</summary>
    private static double LimitMs(IReadOnlyList<BareJupyterBoot.Sample> boots) =>
        Measurements.Median(boots.Select(b => b.CpuTime.TotalMilliseconds)) * ConcurrentSpawns / Environment.ProcessorCount;

    private static List<string> ManyNames() =>
        Enumerable.Range(0, ConcurrentSpawns).Select(i => $"many{i.ToString(CultureInfo.InvariantCulture)}").ToList();

    /// <summary>Milliseconds from the spawn request to the first proxied 200 of the server's api/status.</summary>
    private static async Task<double> SpawnAsync(JupyterHubPeer hub, string name, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await hub.RequestServerAsync(name, cancellationToken);
        var status = new Uri(hub.BaseUrl, $"user/{name}/api/status");
        await Measurements.WaitUntilAsync(async token =>
        {
            try
            {
                using var response = await hub.Api.GetAsync(status, token);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(5), $"{name}'s server answering through the proxy", cancellationToken, pollInterval);
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
