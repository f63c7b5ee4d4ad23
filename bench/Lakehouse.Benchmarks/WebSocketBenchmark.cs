using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// WebSockets through each proxy to a Kestrel echo backend: the handshake (TCP connect and upgrade, a new connection
/// each time) and the round trip of a small message on an open socket. Direct access is the floor.
/// </summary>
internal static class WebSocketBenchmark
{
    private const int Handshakes = 200;
    private const int RoundTrips = 5_000;
    // Enough for .NET's tiered JIT to optimize the upgrade path (it waits for 30 calls, then compiles in the
    // background); the same for every system.
    private const int Warmup = 10_000;
    private const int WarmupHandshakes = 1_000;

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"WebSocket: {Handshakes} handshakes, {RoundTrips:N0} echo round trips of 16 bytes, after a warm-up",
            ["System", "Handshake p50", "Handshake p99", "Round trip p50", "Round trip p99"]);
        if (Nginx.MissingPrerequisite() is { } missing)
        {
            table.AddNote($"Not measured: {missing}");
            return table;
        }

        await using var echo = await WebSocketEchoServer.StartAsync(cancellationToken);
        var target = new Uri(echo.BaseUrl, WebSocketEchoServer.EchoPath);
        var probe = new Uri(echo.BaseUrl, WebSocketEchoServer.ProbePath);
        await MeasureAsync(options, table, "direct (no proxy)", echo.Port, null, cancellationToken);

        var (nginx, nginxPort) = await Nginx.StartProxyAsync(target, probe, cancellationToken);
        await using (nginx)
        {
            await MeasureAsync(options, table, "nginx 1.22 (1 worker)", nginxPort, null, cancellationToken);
        }

        foreach (var version in new[] { ConfigurableHttpProxy.Version53, ConfigurableHttpProxy.Version45 })
        {
            if (ConfigurableHttpProxy.ProgramFor(version) is null)
            {
                table.AddNote($"configurable-http-proxy {version} not measured: not installed (./lakehouse bench installs it).");
                continue;
            }

            var (chp, chpPort) = await ConfigurableHttpProxy.StartAsync(version, target, probe, cancellationToken);
            await using (chp)
            {
                await MeasureAsync(options, table, $"configurable-http-proxy {version}", chpPort, null, cancellationToken);
            }
        }

        await using (var ours = await StandaloneRouteController.StartAsync(new Uri(echo.BaseUrl, WebSocketEchoServer.ProbePath), null, 0, probe, cancellationToken))
        {
            await MeasureAsync(options, table, "Lakehouse route controller", ours.PublicUrl.Port, StandaloneRouteController.Authorization, cancellationToken);
        }

        table.AddNote("Each handshake opens a new TCP connection. Lakehouse: access check on (API token, the hub's decision cached), as for a kernel's socket.");
        return table;
    }

    private static async Task MeasureAsync(BenchmarkOptions options, ResultTable table, string system, int port, string? authorization, CancellationToken cancellationToken)
    {
        if (!options.Includes(system))
        {
            return;
        }

        var url = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{WebSocketEchoServer.EchoPath}");
        var handshakes = new List<double>(Handshakes);
        for (var i = 0; i < WarmupHandshakes + Handshakes; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var socket = await ConnectAsync(url, authorization, cancellationToken);
            if (i >= WarmupHandshakes)
            {
                handshakes.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }

        var roundTrips = new List<double>(RoundTrips);
        using (var socket = await ConnectAsync(url, authorization, cancellationToken))
        {
            var message = new byte[16];
            var buffer = new byte[64];
            for (var i = 0; i < Warmup + RoundTrips; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                var received = 0;
                while (received < message.Length)
                {
                    var result = await socket.ReceiveAsync(buffer.AsMemory(received), cancellationToken);
                    received += result.Count;
                }

                if (i >= Warmup)
                {
                    roundTrips.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }

        table.AddRow(system, Ms(Measurements.Median(handshakes)), Ms(Percentile(handshakes, 0.99)),
            Ms(Measurements.Median(roundTrips)), Ms(Percentile(roundTrips, 0.99)));
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri url, string? authorization, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (authorization is not null)
        {
            socket.Options.SetRequestHeader("Authorization", authorization);
        }

        await socket.ConnectAsync(url, cancellationToken);
        return socket;
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    private static string Ms(double ms) => ms.ToString("N3", CultureInfo.InvariantCulture) + " ms";
}
