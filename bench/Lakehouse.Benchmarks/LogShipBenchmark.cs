using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Hosting;
using Lakehouse.Hosting.Tests.RabbitMQ;
using RabbitMQ.Client;

namespace Lakehouse.Benchmarks;

/// <summary>
/// The log shipper against the broker's own limit, measured in the same run on the same private rabbitmq-server:
/// lines per second confirmed for 200 B and 1 KB lines (a minimal publisher with confirms publishes the same number
/// of persistent messages to the same exchange and queue, in batches of the shipper's size), and the shipper's peak
/// RSS while the broker is down for 60 s and lines arrive at 10,000 a second.
/// </summary>
internal static class LogShipBenchmark
{
    private const string Exchange = "lakehouse.logs";
    private const string Queue = "bench.logs";
    private const int Lines = 100_000;
    private const int BatchSize = 512;
    private const int OutageLinesPerSecond = 10_000;
    private const int OutageLineBytes = 200;
    private static readonly int[] LineSizes = [200, 1024];
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    public static async Task<ResultTable> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var table = new ResultTable(
            $"Log shipping with publisher confirms, {Lines:N0} persistent messages (median of {options.Runs} runs)",
            ["System", "200 B lines/s", "1 KB lines/s", "Peak RSS, broker down 60 s at 10,000 lines/s"]);
        var root = Directory.CreateTempSubdirectory("lakehouse-bench-logship-").FullName;
        try
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationArguments(
                DistributedApplicationOperation.Run, null, [$"--{StateDirectory.ConfigurationKey}={root}"], root));
            await using var broker = await PrivateRabbitMQ.StartAsync(builder, cancellationToken);
            await DeclareAsync(broker, cancellationToken);

            var baseline = new List<double>();
            var shipper = new List<double>();
            foreach (var size in LineSizes)
            {
                baseline.Add(Measurements.Median(await RepeatAsync(options.Runs, () => PublishBaselineAsync(broker, size, cancellationToken), broker, cancellationToken)));
                shipper.Add(Measurements.Median(await RepeatAsync(options.Runs, () => ShipAsync(broker, size, cancellationToken), broker, cancellationToken)));
            }

            var (outage, peak) = await MeasureOutageAsync(broker, cancellationToken);
            table.AddRow("Minimal publisher with confirms (the broker's limit)", Rate(baseline[0]), Rate(baseline[1]), "-");
            table.AddRow("Lakehouse log shipper", Rate(shipper[0]), Rate(shipper[1]), $"{Measurements.MiB(peak)} ({Measurements.MiB(outage)} while down)");
            table.AddRow("Shipper / limit (goal >= 70%)", Percent(shipper[0] / baseline[0]), Percent(shipper[1] / baseline[1]), "goal <= 150 MB (143 MiB)");
            table.AddNote("Both publish persistent messages to the durable topic exchange, routed to one durable queue, and wait for every confirm. " +
                          "The shipper's time runs from a CRI log file of the lines appearing in its log folder to the last confirm (from its /metrics).");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return table;
    }

    private static async Task<List<double>> RepeatAsync(int runs, Func<Task<double>> measure, PrivateRabbitMQ broker, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            rates.Add(await measure());
            await Console.Error.WriteLineAsync($"logship: {rates[^1]:N0} lines/s");
            await PurgeAsync(broker, cancellationToken);
        }

        return rates;
    }

    /// <summary>The minimal publisher: one channel with confirm tracking, batches published together, each awaited.</summary>
    private static async Task<double> PublishBaselineAsync(PrivateRabbitMQ broker, int lineBytes, CancellationToken cancellationToken)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var connection = await broker.ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken);
        var body = Encoding.UTF8.GetBytes(new string('x', lineBytes));
        var properties = new BasicProperties { Persistent = true };
        var stopwatch = Stopwatch.StartNew();
        var confirms = new List<Task>(BatchSize);
        for (var sent = 0; sent < Lines;)
        {
            confirms.Clear();
            for (var i = 0; i < BatchSize && sent < Lines; i++, sent++)
            {
                confirms.Add(channel.BasicPublishAsync(Exchange, "service.bench", mandatory: false, properties, body, cancellationToken).AsTask());
            }

            await Task.WhenAll(confirms);
        }

        var elapsed = stopwatch.Elapsed;
        await Console.Error.WriteLineAsync($"logship: minimal publisher, {lineBytes} B: CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s in {elapsed.TotalSeconds:N2} s");
        return Lines / elapsed.TotalSeconds;
    }

    /// <summary>The shipper, started and healthy on an empty log folder; then a log file of the lines appears in it.</summary>
    private static async Task<double> ShipAsync(PrivateRabbitMQ broker, int lineBytes, CancellationToken cancellationToken)
    {
        await using var shipper = await StartShipperAsync(broker, cancellationToken);
        var prepared = Path.Combine(shipper.Process.Directory, "bench.log");
        await WriteLinesAsync(prepared, 0, Lines, lineBytes, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        File.Move(prepared, Path.Combine(shipper.Process.Directory, "logs", "bench.log"));
        var cpu = ProcessTree.CpuTime(shipper.Process.ProcessId).TotalSeconds;
        await Measurements.WaitUntilAsync(async token => await shipper.ShippedAsync(token) >= Lines, DrainTimeout, "the shipper to ship every line", cancellationToken, TimeSpan.FromMilliseconds(20));
        var elapsed = stopwatch.Elapsed;
        await Console.Error.WriteLineAsync($"logship: shipper, {lineBytes} B: CPU {ProcessTree.CpuTime(shipper.Process.ProcessId).TotalSeconds - cpu:N2} s in {elapsed.TotalSeconds:N2} s, RSS {Measurements.MiB(ProcessTree.ResidentBytes(shipper.Process.ProcessId))}");
        return Lines / elapsed.TotalSeconds;
    }

    /// <summary>
    /// The broker stops; for 60 s lines arrive at 10,000 a second; RSS is sampled every 50 ms; then everything drains,
    /// sampled the same way. Returns the peak while the broker was down, and the peak of the whole run.
    /// </summary>
    private static async Task<(long Outage, long Peak)> MeasureOutageAsync(PrivateRabbitMQ broker, CancellationToken cancellationToken)
    {
        await using var shipper = await StartShipperAsync(broker, cancellationToken);
        await broker.StopAsync(cancellationToken);
        var log = Path.Combine(shipper.Process.Directory, "logs", "bench.log");
        var peak = 0L;
        var written = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < Outage)
        {
            // 20 slices a second, each catching up with the wall clock.
            var due = (int)(stopwatch.Elapsed.TotalSeconds * OutageLinesPerSecond);
            await WriteLinesAsync(log, written, due - written, OutageLineBytes, cancellationToken);
            written = due;
            peak = Math.Max(peak, ProcessTree.ResidentBytes(shipper.Process.ProcessId));
            await Task.Delay(50, cancellationToken);
        }

        await Console.Error.WriteLineAsync($"logship: broker down for {Outage.TotalSeconds:N0} s, {written:N0} lines written, peak RSS {Measurements.MiB(peak)}; draining");
        var outage = peak;
        await broker.StartAgainAsync(cancellationToken);
        var drain = Stopwatch.StartNew();
        using (var drained = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // RSS is sampled as often as while the broker was down; /metrics is asked less often, so as not to load the shipper.
            var sampling = Task.Run(async () =>
            {
                var drainPeak = 0L;
                while (!drained.IsCancellationRequested)
                {
                    drainPeak = Math.Max(drainPeak, ProcessTree.ResidentBytes(shipper.Process.ProcessId));
                    await Task.Delay(50, CancellationToken.None);
                }

                return drainPeak;
            }, CancellationToken.None);
            try
            {
                await Measurements.WaitUntilAsync(async token => await shipper.ShippedAsync(token) >= written, DrainTimeout, "the shipper to drain the outage", cancellationToken, TimeSpan.FromMilliseconds(200));
            }
            finally
            {
                await drained.CancelAsync();
                peak = Math.Max(peak, await sampling);
            }
        }

        await Console.Error.WriteLineAsync($"logship: drained in {drain.Elapsed.TotalSeconds:N0} s, peak RSS {Measurements.MiB(peak)}");
        await PurgeAsync(broker, cancellationToken);
        return (outage, peak);
    }

    private static async Task<RunningShipper> StartShipperAsync(PrivateRabbitMQ broker, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("lakehouse-bench-shipper-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var port = Measurements.FreeLoopbackPort();
        var process = PeerProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Lakehouse.LogShipper.dll")], directory, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["LAKEHOUSE_STATE_DIR"] = directory,
            ["ConnectionStrings__rabbitmq"] = broker.ConnectionString,
            ["LogShipper__Sources__0__Path"] = Path.Combine(directory, "logs", "*.log"),
            ["LogShipper__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            // The file appears at once: find it at once, so the measurement is of shipping, not of the scan period.
            ["LogShipper__ScanInterval"] = "00:00:00.050",
        });
        var shipper = new RunningShipper(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        try
        {
            await process.WaitUntilAnswersAsync(new Uri(shipper.Url, "alive"), cancellationToken);
            await Measurements.WaitUntilAsync(async token => await shipper.HealthAsync(token) == "Healthy", TimeSpan.FromMinutes(1), "the shipper to connect", cancellationToken);
            return shipper;
        }
        catch
        {
            await shipper.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteLinesAsync(string path, int first, int count, int lineBytes, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false), 1 << 20);
        var stamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) + " stdout F ";
        var padding = new string('x', Math.Max(0, lineBytes - stamp.Length - 16));
        for (var i = first; i < first + count; i++)
        {
            await writer.WriteAsync(stamp);
            await writer.WriteAsync(i.ToString("D12", CultureInfo.InvariantCulture));
            await writer.WriteAsync(' ');
            await writer.WriteAsync(padding);
            await writer.WriteAsync('\n');
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static async Task DeclareAsync(PrivateRabbitMQ broker, CancellationToken cancellationToken)
    {
        await using var connection = await broker.ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(Queue, Exchange, "#", cancellationToken: cancellationToken);
    }

    private static async Task PurgeAsync(PrivateRabbitMQ broker, CancellationToken cancellationToken)
    {
        await using var connection = await broker.ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueuePurgeAsync(Queue, cancellationToken);
    }

    /// <summary>User and system CPU time of a process, from /proc/{pid}/stat (in clock ticks of 1/100 s).</summary>
    private static string Rate(double linesPerSecond) => linesPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => ratio.ToString("P0", CultureInfo.InvariantCulture);

    private sealed class RunningShipper(PeerProcess process, Uri url) : IAsyncDisposable
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

        public PeerProcess Process => process;

        public Uri Url => url;

        public async Task<string> HealthAsync(CancellationToken cancellationToken)
        {
            try
            {
                return (await _http.GetStringAsync(new Uri(url, "health"), cancellationToken)).Trim();
            }
            catch (HttpRequestException)
            {
                return string.Empty;
            }
        }

        public async Task<long> ShippedAsync(CancellationToken cancellationToken)
        {
            var metrics = await _http.GetStringAsync(new Uri(url, "metrics"), cancellationToken);
            var line = metrics.Split('\n').First(l => l.StartsWith("lakehouse_logshipper_lines_shipped_total ", StringComparison.Ordinal));
            return (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await process.DisposeAsync();
        }
    }
}
