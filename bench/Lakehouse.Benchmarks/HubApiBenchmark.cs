using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// The hub's REST API with many users: creating them, then <c>GET /hub/api/users?limit=200</c> and
/// <c>GET /hub/api/users/{name}</c>, one request at a time (latency, not throughput), through the proxy.
/// </summary>
internal static class HubApiBenchmark
{
    private const int Users = 10_000;
    private const int ListRequests = 100;
    private const int GetRequests = 500;
    private const int CreateBatch = 500;

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Hub API with {Users:N0} users (p50 of sequential requests)",
            ["System", $"Create {Users:N0} users", "GET /users?limit=200", "GET /users/{name}"]);

        const string ours = "Lakehouse hub (through the route controller)";
        const string peer = "JupyterHub 3.0 (through CHP 4.5, peer)";
        if (options.Includes(ours))
        {
            await using var platform = await LakehouseAppHost.StartHealthyAsync(cancellationToken);
            using var api = await platform.CreateOperatorClientAsync(cancellationToken);
            await MeasureAsync(table, ours, api, cancellationToken);
        }

        if (!options.Includes(peer))
        {
            return table;
        }

        if (JupyterHubPeer.MissingPrerequisite() is { } missing)
        {
            table.AddNote($"JupyterHub not measured: {missing}");
            return table;
        }

        await using var hub = new JupyterHubPeer();
        hub.Start();
        await hub.WaitUntilHealthyAsync(cancellationToken);
        await MeasureAsync(table, peer, hub.Api, cancellationToken);
        table.AddNote($"Users are created with POST /hub/api/users in batches of {CreateBatch}; both hubs use SQLite; the callers are admin tokens.");
        return table;
    }

    /// <summary>Creates users in batches, as <c>POST /hub/api/users</c> takes them (both hubs' shape).</summary>
    public static async Task CreateUsersAsync(HttpClient api, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var batch in names.Chunk(CreateBatch))
        {
            using var response = await api.PostAsJsonAsync("hub/api/users", new { usernames = batch }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task MeasureAsync(ResultTable table, string system, HttpClient api, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, Users).Select(i => $"user{i.ToString("D5", CultureInfo.InvariantCulture)}").ToList();
        var create = Stopwatch.StartNew();
        await CreateUsersAsync(api, names, cancellationToken);
        var createMs = create.Elapsed.TotalMilliseconds;

        Func<int, string> page = i => $"hub/api/users?offset={(i * 200 % Users).ToString(CultureInfo.InvariantCulture)}&limit=200";
        Func<int, string> user = i => $"hub/api/users/{names[i * 7919 % Users]}";

        // One unmeasured pass first, as every benchmark here warms up: steady state, not a just-started process's
        // first compilations (the .NET hub's tiered JIT; the peer's caches), is what is compared.
        await LatenciesAsync(api, ListRequests, page, cancellationToken);
        await LatenciesAsync(api, GetRequests, user, cancellationToken);
        var list = await LatenciesAsync(api, ListRequests, page, cancellationToken);
        var get = await LatenciesAsync(api, GetRequests, user, cancellationToken);
        table.AddRow(system, Measurements.Milliseconds(createMs),
            $"{Measurements.Median(list).ToString("N1", CultureInfo.InvariantCulture)} ms",
            $"{Measurements.Median(get).ToString("N1", CultureInfo.InvariantCulture)} ms");
    }

    private static async Task<List<double>> LatenciesAsync(HttpClient api, int count, Func<int, string> path, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await api.GetAsync(path(i), HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }
}
