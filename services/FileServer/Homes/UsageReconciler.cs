using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>Measures every home at start and then every <c>UsageScanInterval</c>, one home after another.</summary>
internal sealed class UsageReconciler(
    HomesRoot root,
    UsageTracker usage,
    IOptions<HomesOptions> options,
    TimeProvider timeProvider,
    ILogger<UsageReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the first walk of every home may take a while.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.UsageScanInterval, timeProvider);
        do
        {
            foreach (var name in root.HomeNames())
            {
                stoppingToken.ThrowIfCancellationRequested();
                try
                {
                    usage.MeasureNow(name);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(e, "Could not measure the home of {Name}", name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
