using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Benchmarks.Systems;

namespace Lakehouse.Benchmarks;

/// <summary>
/// WebSockets through each proxy to a Kestrel echo backend: the handshake (TCP connect and upgrade, a new connection
/// each time) and the round trip of a small message on an open socket. Direct access is the floor. Every system runs
/// at once and they are measured in rounds, a slice of each in turn, so that the machine's changing load falls on all
/// of them alike (one system after the other, a few seconds apart, moved the peers' figures by half between runs).
/// </summary>
internal static class WebSocketBenchmark
{
    private const int Rounds = 20;
    private const int Handshakes = 400;
    private const int RoundTrips = 10_000;
    // Enough for .NET's tiered JIT to optimize the upgrade path (it waits for 30 calls, then compiles in the
    // background); the same for every system.
    private const int Warmup = 10_000;
    private const int WarmupHandshakes = 1_000;

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"WebSocket: {Handshakes} handshakes, {RoundTrips:N0} echo round trips of 16 bytes, after a warm-up, in {Rounds} rounds",
            ["System", "Handshake p50", "Handshake p99", "Round trip p50", "Round trip p99"]);
        if (Nginx.MissingPrerequisite() is { } missing)
        {
            table.AddNote($"Not measured: {missing}");
            return table;
        }

        await using var echo = await WebSocketEchoServer.StartAsync(cancellationToken);
        var target = new Uri(echo.BaseUrl, WebSocketEchoServer.EchoPath);
        var probe = new Uri(echo.BaseUrl, WebSocketEchoServer.ProbePath);
        var running = new List<IAsyncDisposable>();
        var subjects = new List<Subject>();
        try
        {
            if (options.Includes(Direct))
            {
                subjects.Add(new Subject(Direct, echo.Port, null));
            }

            if (options.Includes(NginxSystem))
            {
                var (nginx, nginxPort) = await Nginx.StartProxyAsync(target, probe, cancellationToken);
                running.Add(nginx);
                subjects.Add(new Subject(NginxSystem, nginxPort, null));
            }

            foreach (var version in new[] { ConfigurableHttpProxy.Version53, ConfigurableHttpProxy.Version45 })
            {
                var system = $"configurable-http-proxy {version}";
                if (!options.Includes(system))
                {
                    continue;
                }

                if (ConfigurableHttpProxy.ProgramFor(version) is null)
                {
                    table.AddNote($"configurable-http-proxy {version} not measured: not installed (./lakehouse bench installs it).");
                    continue;
                }

                var (chp, chpPort) = await ConfigurableHttpProxy.StartAsync(version, target, probe, cancellationToken);
                running.Add(chp);
                subjects.Add(new Subject(system, chpPort, null));
            }

            if (options.Includes(Ours))
            {
                var ours = await StandaloneRouteController.StartAsync(probe, null, 0, probe, cancellationToken);
                running.Add(ours);
                subjects.Add(new Subject(Ours, ours.PublicUrl.Port, StandaloneRouteController.Authorization));
            }

            foreach (var subject in subjects)
            {
                await subject.WarmUpAsync(cancellationToken);
            }

            for (var round = 0; round < Rounds; round++)
            {
                foreach (var subject in subjects)
                {
                    await subject.MeasureRoundAsync(cancellationToken);
                }
            }

            foreach (var subject in subjects)
            {
                table.AddRow(subject.System, Ms(Measurements.Median(subject.Handshakes)), Ms(Percentile(subject.Handshakes, 0.99)),
                    Ms(Measurements.Median(subject.RoundTrips)), Ms(Percentile(subject.RoundTrips, 0.99)));
            }
        }
        finally
        {
            foreach (var subject in subjects)
            {
                await subject.DisposeAsync();
            }

            foreach (var process in running)
            {
                await process.DisposeAsync();
            }
        }

        table.AddNote("Each handshake opens a new TCP connection. Lakehouse: access check on (API token, the hub's decision cached), as for a kernel's socket.");
        return table;
    }

    private const string Direct = "direct (no proxy)";
    private const string NginxSystem = "nginx 1.22 (1 worker)";
    private const string Ours = "Lakehouse route controller";

    /// <summary>One system: its samples, and the socket its round trips go over, open from the warm-up on.</summary>
    private sealed class Subject(string system, int port, string? authorization) : IAsyncDisposable
    {
        private readonly Uri _url = new($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{WebSocketEchoServer.EchoPath}");
        private readonly byte[] _message = new byte[16];
        private readonly byte[] _buffer = new byte[64];
        private ClientWebSocket? _open;

        public string System => system;

        public List<double> Handshakes { get; } = new(WebSocketBenchmark.Handshakes);

        public List<double> RoundTrips { get; } = new(WebSocketBenchmark.RoundTrips);

        public async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            await HandshakesAsync(WarmupHandshakes, null, cancellationToken);
            _open = await ConnectAsync(cancellationToken);
            await RoundTripsAsync(Warmup, null, cancellationToken);
        }

        public async Task MeasureRoundAsync(CancellationToken cancellationToken)
        {
            await HandshakesAsync(WebSocketBenchmark.Handshakes / Rounds, Handshakes, cancellationToken);
            await RoundTripsAsync(WebSocketBenchmark.RoundTrips / Rounds, RoundTrips, cancellationToken);
        }

        private async Task HandshakesAsync(int count, List<double>? samples, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                using var socket = await ConnectAsync(cancellationToken);
                samples?.Add(stopwatch.Elapsed.TotalMilliseconds);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
        }

        private async Task RoundTripsAsync(int count, List<double>? samples, CancellationToken cancellationToken)
        {
            var socket = _open!;
            for (var i = 0; i < count; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await socket.SendAsync(_message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                var received = 0;
                while (received < _message.Length)
                {
                    var result = await socket.ReceiveAsync(_buffer.AsMemory(received), cancellationToken);
                    received += result.Count;
                }

                samples?.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
        {
            var socket = new ClientWebSocket();
            if (authorization is not null)
            {
                socket.Options.SetRequestHeader("Authorization", authorization);
            }

            await socket.ConnectAsync(_url, cancellationToken);
            return socket;
        }

        public async ValueTask DisposeAsync()
        {
            if (_open is { State: WebSocketState.Open } socket)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }

            _open?.Dispose();
        }
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    private static string Ms(double ms) => ms.ToString("N3", CultureInfo.InvariantCulture) + " ms";
}
