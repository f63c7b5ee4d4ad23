using System.Diagnostics;
using System.Globalization;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Spawn overhead: from <c>POST /hub/api/users/{name}/server</c> to the first 200 of <c>/user/{name}/api/status</c>
/// through the proxy, minus the single-user server's own boot time measured directly in the same run. And 20 spawns at
/// once, against the limit the machine sets: the 20 servers' boot CPU time divided by the cores.
/// </summary>
internal static class SpawnBenchmark
{
    private const int ConcurrentSpawns = 20;

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Spawn: POST …/server to the first proxied 200 (median of {options.Runs}), and {ConcurrentSpawns} at once",
            ["System", "Spawn", "Bare server boot", "Overhead", $"{ConcurrentSpawns} at once", $"Limit: {ConcurrentSpawns} boots' CPU / {Environment.ProcessorCount} cores"]);
        if (new[] { JupyterServer.MissingPrerequisite(), JupyterHubPeer.MissingPrerequisite() }.FirstOrDefault(m => m is not null) is { } missing)
        {
            table.AddNote($"Not measured: {missing}");
            return table;
        }

        var boots = new List<BareJupyterBoot.Sample>();
        for (var i = 0; i < options.Runs; i++)
        {
            boots.Add(await BareJupyterBoot.MeasureAsync(cancellationToken));
        }

        var bootMs = Measurements.Median(boots.Select(b => b.BootMs));
        var bootCpu = TimeSpan.FromMilliseconds(Measurements.Median(boots.Select(b => b.CpuTime.TotalMilliseconds)));
        var limitMs = bootCpu.TotalMilliseconds * ConcurrentSpawns / Environment.ProcessorCount;

        await using (var platform = await LakehouseAppHost.StartHealthyAsync(cancellationToken))
        {
            using var alice = await LakehouseUser.LogInAsync(platform, "alice", cancellationToken);
            var ours = new List<double>();
            for (var i = 0; i < options.Runs; i++)
            {
                ours.Add(await alice.SpawnAsync(cancellationToken));
                await alice.StopAsync(cancellationToken);
            }

            var spawnMs = Measurements.Median(ours);
            table.AddRow("Lakehouse (hub, spawner, route controller)",
                Measurements.Milliseconds(spawnMs), Measurements.Milliseconds(bootMs), Measurements.Milliseconds(spawnMs - bootMs),
                "not measured yet", Measurements.Milliseconds(limitMs));
        }

        await using var hub = new JupyterHubPeer();
        hub.Start();
        await hub.WaitUntilHealthyAsync(cancellationToken);
        var singles = new List<double>();
        for (var i = 0; i < options.Runs; i++)
        {
            var name = $"single{i.ToString(CultureInfo.InvariantCulture)}";
            await hub.CreateUsersAsync([name], cancellationToken);
            singles.Add(await SpawnAsync(hub, name, cancellationToken));
        }

        var many = Enumerable.Range(0, ConcurrentSpawns).Select(i => $"many{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        await hub.CreateUsersAsync(many, cancellationToken);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(many.Select(name => SpawnAsync(hub, name, cancellationToken)));
        var spawn = Measurements.Median(singles);
        table.AddRow("JupyterHub 3.0 + CHP 4.5 (peer)",
            Measurements.Milliseconds(spawn), Measurements.Milliseconds(bootMs), Measurements.Milliseconds(spawn - bootMs),
            Measurements.Milliseconds(wall.Elapsed.TotalMilliseconds), Measurements.Milliseconds(limitMs));
        table.AddNote("The peer spawns jupyterhub-singleuser with SimpleLocalProcessSpawner; the bare boot is Debian's jupyter server with a token, measured directly.");
        table.AddNote("Lakehouse's servers start as the LDAP user's UID/GID with a fresh home; 20 at once needs 20 directory users, which the demo directory lacks.");
        return table;
    }

    /// <summary>Milliseconds from the spawn request to the first proxied 200 of the server's api/status.</summary>
    private static async Task<double> SpawnAsync(JupyterHubPeer hub, string name, CancellationToken cancellationToken)
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
        }, TimeSpan.FromMinutes(5), $"{name}'s server answering through the proxy", cancellationToken, TimeSpan.FromMilliseconds(10));
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
