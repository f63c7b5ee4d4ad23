using System.Diagnostics;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>The single-user server's own cost, measured directly: time and CPU from exec to its first authenticated 200.</summary>
internal static class BareJupyterBoot
{
    public sealed record Sample(double BootMs, TimeSpan CpuTime);

    public static async Task<Sample> MeasureAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var (process, port, token) = await JupyterServer.StartAsync(cancellationToken);
        await using (process)
        {
            await process.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}{JupyterServer.StatusPath}"), cancellationToken, $"token {token}");
            return new Sample(stopwatch.Elapsed.TotalMilliseconds, ProcessTree.CpuTime(process.ProcessId));
        }
    }
}
