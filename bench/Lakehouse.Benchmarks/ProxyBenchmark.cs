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
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

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
            await MeasureBackendAsync(table, "static file (nginx)", new Uri($"http://127.0.0.1:{staticPort}{Nginx.StaticPath}"), null, cancellationToken);
        }

        var (jupyter, jupyterPort, token) = await JupyterServer.StartAsync(cancellationToken);
        await using (jupyter)
        {
            await MeasureBackendAsync(table, "Jupyter api/status", new Uri($"http://127.0.0.1:{jupyterPort}{JupyterServer.StatusPath}"), $"token {token}", cancellationToken);
        }

        await using (var platform = await LakehouseAppHost.StartHealthyAsync(cancellationToken))
        {
            using var alice = await LakehouseUser.LogInAsync(platform, "alice", cancellationToken);
            await alice.SpawnAsync(cancellationToken);
            await MeasureAsync(table, "Lakehouse route controller (access check on)", "Jupyter api/status", alice.StatusUrl, alice.Authorization, cancellationToken);
            await alice.StopAsync(cancellationToken);
        }

        table.AddNote("Lakehouse: alice's own API token; the proxy asks the hub (cached) and forwards with the server's token. It routes only to servers the spawner runs, so it has no static-file row.");
        return table;
    }

    private static async Task MeasureBackendAsync(ResultTable table, string backend, Uri target, string? authorization, CancellationToken cancellationToken)
    {
        await MeasureAsync(table, "direct (no proxy)", backend, target, authorization, cancellationToken);

        var (nginx, nginxPort) = await Nginx.StartProxyAsync(target, ProbeFor(target), cancellationToken);
        await using (nginx)
        {
            await MeasureAsync(table, "nginx 1.22 (1 worker)", backend, Through(nginxPort, target), authorization, cancellationToken);
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
                await MeasureAsync(table, $"configurable-http-proxy {version}", backend, Through(chpPort, target), authorization, cancellationToken);
            }
        }
    }

    private static async Task MeasureAsync(ResultTable table, string system, string backend, Uri url, string? authorization, CancellationToken cancellationToken)
    {
        await Wrk.RunAsync(url, Warmup, authorization, cancellationToken);
        var result = await Wrk.RunAsync(url, Duration, authorization, cancellationToken);
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
