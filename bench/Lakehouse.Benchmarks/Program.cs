using Lakehouse.Benchmarks;

// Usage: lakehouse bench [apphost] [proxy] [spawn] [hubapi] [logship] [--runs N]
var options = BenchmarkOptions.Parse(args);
var benchmarks = new Dictionary<string, Func<BenchmarkOptions, CancellationToken, Task<ResultTable>>>(StringComparer.OrdinalIgnoreCase)
{
    ["apphost"] = AppHostStartupBenchmark.RunAsync,
    ["proxy"] = ProxyBenchmark.RunAsync,
    ["spawn"] = SpawnBenchmark.RunAsync,
    ["hubapi"] = HubApiBenchmark.RunAsync,
    ["logship"] = LogShipBenchmark.RunAsync,
};

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var selected = options.Benchmarks.Count == 0 ? benchmarks.Keys.ToList() : options.Benchmarks;
foreach (var name in selected)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown benchmark '{name}'. Known: {string.Join(", ", benchmarks.Keys)}.");
        return 2;
    }

    var table = await run(options, cancellation.Token);
    table.Write();
}

return 0;
