using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Publishing;

/// <summary>Publish mode's whole run: publish once, then stop the AppHost; a failure is one line on stderr and exit code 1.</summary>
internal sealed partial class PublishingHostedService(
    DistributedApplicationPublisher publisher,
    IHostApplicationLifetime lifetime,
    ILogger<PublishingHostedService> logger) : BackgroundService
{
    public const int FailureExitCode = 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before publishing asks it to stop.
        await Task.Yield();
        try
        {
            await publisher.PublishAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Environment.ExitCode = FailureExitCode;
            await Console.Error.WriteLineAsync("error: publish was cancelled.");
        }
        catch (Exception e)
        {
            Environment.ExitCode = FailureExitCode;
            await Console.Error.WriteLineAsync($"error: publish failed: {e.Message}");
            LogPublishFailed(logger, e);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
