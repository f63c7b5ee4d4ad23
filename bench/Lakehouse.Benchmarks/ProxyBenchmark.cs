using System.Globalization;
using Lakehouse.Benchmarks.Load;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// A small GET through each proxy with <c>wrk -t2 -c32</c>, against two backends: nginx serving a tiny static file
/// (so that the proxy, not the backend, is what is measured) and a real Jupyter server. Direct access is the ceiling.
/// </summary>
internal static class ProxyBenchmark
{
    // Long enough for .NET's tiered JIT to finish optimizing the route controller's hot path on a busy 2-core machine
    // (measured: its CPU per request halves over the first 10 s of load); the same for every system.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    private const int ManyRoutes = 10_000;
    private const int NewRouteSamples = 20;

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Proxy: small GET, wrk -t2 -c32, {Duration.TotalSeconds:N0} s each",
            ["System", "Backend", "Requests/s", "p50", "p99", "Errors"]);
        if (new[] { Wrk.MissingPrerequisite(), Nginx.MissingPrerequisite(), JupyterServer.MissingPrerequisite() }.FirstOrDefault(m => m is not null) is { } missing)
        {
            table.AddNote($"Not measured: {missing}");
            return table;
        }

        var (staticBackend, staticPort) = await Nginx.StartStaticAsync(cancellationToken);
        await using (staticBackend)
        {
            var target = new Uri($"http://127.0.0.1:{staticPort}{Nginx.StaticPath}");
            await MeasureBackendAsync(options, table, "static file (nginx)", target, null, cancellationToken);
            await MeasureOursAsync(options, table, "static file (nginx)", target, null, cancellationToken);
            if (options.Includes(OurSystem(ManyRoutes)))
            {
                var newRoute = await MeasureNewRouteAsync(target, cancellationToken);
                    table.AddNote($"A new route answers {newRoute.Median.ToString("N2", CultureInfo.InvariantCulture)} ms (median; slowest " +
                    $"{newRoute.Max.ToString("N2", CultureInfo.InvariantCulture)} ms of {NewRouteSamples}) after the spawner's running event is sent, " +
                    $"with {ManyRoutes:N0} routes present: from writing the event to the first proxied 200.");
            }
        }

        var (jupyter, jupyterPort, token) = await JupyterServer.StartAsync(cancellationToken);
        await using (jupyter)
        {
            var target = new Uri($"http://127.0.0.1:{jupyterPort}{JupyterServer.StatusPath}");
            await MeasureBackendAsync(options, table, "Jupyter api/status", target, $"token {token}", cancellationToken);
            await MeasureOursAsync(options, table, "Jupyter api/status", target, token, cancellationToken);
        }

        table.AddNote("Lakehouse: its route controller process, with the access check on (alice's API token; the hub's decision is cached for 10 s, " +
            "so the hub is asked about once per run) and the server's token added upstream. The spawner's event stream and the hub's answer " +
            "come from the benchmark, so that it can hold any routes to any backend.");
        return table;
    }

    /// <summary>
    /// Ours with alice's route only and with 10,000 more routes: both running at once and measured in turns
    /// (<see cref="BenchmarkOptions.Runs"/> each, the median kept), so that a shared machine's changing load falls on
    /// both alike and their ratio holds.
    /// </summary>
    private static async Task MeasureOursAsync(BenchmarkOptions options, ResultTable table, string backend, Uri target, string? serverToken, CancellationToken cancellationToken)
    {
        var aliceUrl = new Uri(target, "/user/alice/");
        var systems = new[] { 0, ManyRoutes }.Where(extra => options.Includes(OurSystem(extra))).ToList();
        var running = new List<(int Extra, StandaloneRouteController Controller, List<WrkResult> Results)>();
        try
        {
            foreach (var extra in systems)
            {
                running.Add((extra, await StandaloneRouteController.StartAsync(aliceUrl, serverToken, extra, target, cancellationToken), []));
            }

            foreach (var (_, controller, _) in running)
            {
                await Wrk.RunAsync(Through(controller.PublicUrl.Port, target), Warmup, StandaloneRouteController.Authorization, cancellationToken);
            }

            for (var i = 0; i < options.Runs; i++)
            {
                foreach (var (_, controller, results) in running)
                {
                    results.Add(await Wrk.RunAsync(Through(controller.PublicUrl.Port, target), Duration, StandaloneRouteController.Authorization, cancellationToken));
                }
            }
        }
        finally
        {
            foreach (var (_, controller, _) in running)
            {
                await controller.DisposeAsync();
            }
        }

        foreach (var (extra, _, results) in running)
        {
            AddRow(table, OurSystem(extra), backend, results.OrderBy(r => r.RequestsPerSecond).ElementAt(results.Count / 2));
        }
    }

    private static string OurSystem(int extraRoutes) =>
        extraRoutes == 0 ? "Lakehouse route controller" : $"Lakehouse route controller, {extraRoutes:N0} routes";

    /// <summary>
    /// With 10,000 routes present: from sending a server's running event on the spawner's stream to the first 200
    /// through the proxy, asking again at once after each answer.
    /// </summary>
    private static async Task<(double Median, double Max)> MeasureNewRouteAsync(Uri target, CancellationToken cancellationToken)
    {
        await using var ours = await StandaloneRouteController.StartAsync(new Uri(target, "/user/alice/"), null, ManyRoutes, target, cancellationToken);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = ours.PublicUrl };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", StandaloneRouteController.Authorization);
        var samples = new List<double>();
        for (var i = 0; i < NewRouteSamples; i++)
        {
            var name = $"fresh{i.ToString(CultureInfo.InvariantCulture)}";
            var path = $"user/{name}/{Path.GetFileName(target.AbsolutePath)}";
            // Warm: the connection is open and the hub's answer for this user cached, as for a user waiting on the spawn page.
            using (await client.GetAsync(path, cancellationToken))
            {
            }

            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await ours.ControlPlane.PublishAsync(StandInControlPlane.Running(name, new Uri(target, "/user/alice/")), cancellationToken);
            while (true)
            {
                using var response = await client.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }

                if (stopwatch.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"The route of {name} did not answer within 30 s.");
                }
            }

            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return (Measurements.Median(samples), samples.Max());
    }

    private static async Task MeasureBackendAsync(BenchmarkOptions options, ResultTable table, string backend, Uri target, string? authorization, CancellationToken cancellationToken)
    {
        await MeasureAsync(options, table, "direct (no proxy)", backend, target, authorization, cancellationToken);

        var (nginx, nginxPort) = await Nginx.StartProxyAsync(target, ProbeFor(target), cancellationToken);
        await using (nginx)
        {
            await MeasureAsync(options, table, "nginx 1.22 (1 worker)", backend, Through(nginxPort, target), authorization, cancellationToken);
        }

        foreach (var version in new[] { ConfigurableHttpProxy.Version53, ConfigurableHttpProxy.Version45 })
        {
            if (ConfigurableHttpProxy.ProgramFor(version) is null)
            {
                table.AddNote($"configurable-http-proxy {version} not measured: not installed (./lakehouse bench installs it).");
                continue;
            }

            var (chp, chpPort) = await ConfigurableHttpProxy.StartAsync(version, target, ProbeFor(target), cancellationToken);
            await using (chp)
            {
                await MeasureAsync(options, table, $"configurable-http-proxy {version}", backend, Through(chpPort, target), authorization, cancellationToken);
            }
        }
    }

    private static async Task MeasureAsync(BenchmarkOptions options, ResultTable table, string system, string backend, Uri url, string? authorization, CancellationToken cancellationToken)
    {
        if (!options.Includes(system))
        {
            return;
        }

        await Wrk.RunAsync(url, Warmup, authorization, cancellationToken);
        AddRow(table, system, backend, await Wrk.RunAsync(url, Duration, authorization, cancellationToken));
    }

    private static void AddRow(ResultTable table, string system, string backend, WrkResult result)
    {
        table.AddRow(system, backend,
            result.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
            result.P50Ms.ToString("N2", CultureInfo.InvariantCulture) + " ms",
            result.P99Ms.ToString("N2", CultureInfo.InvariantCulture) + " ms",
            result.Errors.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A path each backend answers without credentials, to tell when a proxy in front of it is up.</summary>
    private static Uri ProbeFor(Uri target) =>
        target.AbsolutePath == JupyterServer.StatusPath ? new Uri(target, "/user/alice/api") : target;

    private static Uri Through(int proxyPort, Uri target) => new($"http://127.0.0.1:{proxyPort}{target.PathAndQuery}");
}
