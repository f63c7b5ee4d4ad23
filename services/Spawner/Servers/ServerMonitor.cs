using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// Takes back the servers a previous spawner left running before the API serves anything, then looks at the running
/// servers every <see cref="SpawnerOptions.LivenessInterval"/> so that one that dies is reported within seconds.
/// </summary>
internal sealed class ServerMonitor(
    ServerManager manager,
    IOptions<SpawnerOptions> options,
    TimeProvider timeProvider,
    ILogger<ServerMonitor> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await manager.AdoptAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LivenessInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await manager.SurveyAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Checking the running servers failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The spawner stops; the servers keep running.
        }
    }
}
