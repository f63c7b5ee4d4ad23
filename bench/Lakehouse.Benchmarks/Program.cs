using Lakehouse.Benchmarks;

// Usage: lakehouse bench [apphost] [proxy] [spawn] [websocket] [hubapi] [--runs N]
var options = BenchmarkOptions.Parse(args);
var benchmarks = new Dictionary<string, Func<BenchmarkOptions, CancellationToken, Task<IReadOnlyList<ResultTable>>>>(StringComparer.OrdinalIgnoreCase)
{
    ["apphost"] = One(AppHostStartupBenchmark.RunAsync),
    ["proxy"] = One(ProxyBenchmark.RunAsync),
    ["websocket"] = One(WebSocketBenchmark.RunAsync),
    ["spawn"] = SpawnBenchmark.RunAsync,
    ["hubapi"] = One(HubApiBenchmark.RunAsync),
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

    foreach (var table in await run(options, cancellation.Token))
    {
        table.Write();
    }
}

return 0;

static Func<BenchmarkOptions, CancellationToken, Task<IReadOnlyList<ResultTable>>> One(Func<BenchmarkOptions, CancellationToken, Task<ResultTable>> run) =>
    async (options, cancellationToken) => [await run(options, cancellationToken)];
