using System.Diagnostics;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>
/// The single-user server's own cost, measured directly: time and CPU from exec to its first authenticated 200, asked
/// every 10 ms as the spawn benchmark asks through a proxy. Every boot uses the same home, after one unmeasured boot
/// made it, as a user's server does after their first start (a first boot also writes its runtime files).
/// </summary>
internal sealed class BareJupyterBoot : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly string _home = Directory.CreateTempSubdirectory("lakehouse-bench-boot-").FullName;
    private bool _warm;

    public sealed record Sample(double BootMs, TimeSpan CpuTime);

    public async Task<Sample> MeasureAsync(CancellationToken cancellationToken)
    {
        if (!_warm)
        {
            await BootAsync(cancellationToken);
            _warm = true;
        }

        return await BootAsync(cancellationToken);
    }

    private async Task<Sample> BootAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var (process, port, token) = await JupyterServer.StartAsync(cancellationToken, _home, PollInterval);
        await using (process)
        {
            await process.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}{JupyterServer.StatusPath}"), cancellationToken, $"token {token}", PollInterval);
            return new Sample(stopwatch.Elapsed.TotalMilliseconds, ProcessTree.CpuTime(process.ProcessId));
        }
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
