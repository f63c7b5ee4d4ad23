using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>
/// Gives the memory a service no longer uses back to the machine once it has gone quiet, with one compacting
/// collection that decommits what it frees. Without it, the garbage collector keeps its young generation's budget
/// (megabytes, sized from the CPU's cache) committed for as long as the service idles: memory that the users'
/// servers on the same machine could use. It runs after every quiet interval, because an idle service still allocates a
/// little (health checks, telemetry) and would otherwise fill that budget again; on an idle heap it takes milliseconds.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(
    IOptions<IdleMemoryTrimOptions> options, TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.IdleCheckInterval <= TimeSpan.Zero)
        {
            return;
        }

        var detector = new QuietPeriodDetector(settings.QuietAllocationBytes);
        detector.WasQuiet(GC.GetTotalAllocatedBytes());
        using var timer = new PeriodicTimer(settings.IdleCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (detector.WasQuiet(GC.GetTotalAllocatedBytes()))
                {
                    var before = Environment.WorkingSet;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    LogTrimmed(logger, before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
                }
                else if (logger.IsEnabled(LogLevel.Debug))
                {
                    var heap = GC.GetGCMemoryInfo();
                    LogBusy(logger, detector.LastIntervalBytes / (1024 * 1024), heap.HeapSizeBytes / (1024 * 1024), heap.TotalCommittedBytes / (1024 * 1024));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Quiet: gave free memory back ({BeforeMiB} MiB resident before, {AfterMiB} MiB after)")]
    private static partial void LogTrimmed(ILogger logger, long beforeMiB, long afterMiB);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Busy: {AllocatedMiB} MiB allocated in the last interval; heap {HeapMiB} MiB after the last collection, {CommittedMiB} MiB committed")]
    private static partial void LogBusy(ILogger logger, long allocatedMiB, long heapMiB, long committedMiB);
}
