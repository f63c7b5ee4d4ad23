using System.Diagnostics;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>
/// The single-user server's own cost, measured directly: time and CPU from exec to its first authenticated 200, asked
/// every 10 ms as the spawn benchmark asks through a proxy. Every boot uses the same home, after one unmeasured boot
/// made it, as a user's server does after their first start (a first boot also writes its runtime files). And many
/// bare servers started at once, with no platform at all: what a launcher that added nothing would reach.
/// </summary>
internal sealed class BareJupyterBoot : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _home = Directory.CreateTempSubdirectory("lakehouse-bench-boot-").FullName;
    private readonly List<string> _burstHomes = [];
    private bool _warm;

    public sealed record Sample(double BootMs, TimeSpan CpuTime);

    /// <param name="WallMs">From the first exec to the last server's first authenticated 200.</param>
    /// <param name="CpuTime">The servers' CPU time together, each read when it answered.</param>
    public sealed record BurstSample(double WallMs, TimeSpan CpuTime);

    public async Task<Sample> MeasureAsync(CancellationToken cancellationToken)
    {
        if (!_warm)
        {
            await using (await BootAsync(_home, PollInterval, cancellationToken))
            {
                _warm = true;
            }
        }

        await using var boot = await BootAsync(_home, PollInterval, cancellationToken);
        return boot.Sample;
    }

    /// <summary>
    /// <paramref name="count"/> servers started at once, each in a home of its own (made by an unmeasured burst the first
    /// time, as the platforms' homes are) and asked every <paramref name="pollInterval"/>; all keep running until the
    /// last answered, as the platforms' servers do.
    /// </summary>
    public async Task<BurstSample> MeasureBurstAsync(int count, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var warm = _burstHomes.Count >= count;
        while (_burstHomes.Count < count)
        {
            _burstHomes.Add(Directory.CreateTempSubdirectory("lakehouse-bench-burst-").FullName);
        }

        if (!warm)
        {
            await BurstAsync(count, pollInterval, cancellationToken);
        }

        return await BurstAsync(count, pollInterval, cancellationToken);
    }

    private async Task<BurstSample> BurstAsync(int count, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var boots = _burstHomes.Take(count).Select(home => BootAsync(home, pollInterval, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(boots);
            return new BurstSample(wall.Elapsed.TotalMilliseconds, TimeSpan.FromTicks(boots.Sum(b => b.Result.Sample.CpuTime.Ticks)));
        }
        finally
        {
            foreach (var boot in boots.Where(b => b.IsCompletedSuccessfully))
            {
                await boot.Result.DisposeAsync();
            }
        }
    }

    private static async Task<Boot> BootAsync(string home, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var (process, port, token) = await JupyterServer.StartAsync(cancellationToken, home, pollInterval);
        try
        {
            await process.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}{JupyterServer.StatusPath}"), cancellationToken, $"token {token}", pollInterval);
            return new Boot(process, new Sample(stopwatch.Elapsed.TotalMilliseconds, ProcessTree.CpuTime(process.ProcessId)));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>A server that answered, still running, and what its boot took.</summary>
    private sealed record Boot(PeerProcess Process, Sample Sample) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    public void Dispose()
    {
        Directory.Delete(_home, recursive: true);
        foreach (var home in _burstHomes)
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
