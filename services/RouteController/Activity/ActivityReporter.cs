using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakehouse.RouteController.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Activity;

/// <summary>
/// Sends the hub <c>POST /hub/api/internal/activity</c> <c>{"alice": "…Z"}</c> every
/// <see cref="ProxyOptions.ActivityReportInterval"/>, for the servers used since the last report. A failed report is
/// retried with the next one; a last report is sent at shutdown.
/// </summary>
public sealed partial class ActivityReporter(
    HttpClient hubClient,
    ActivityTracker tracker,
    IOptionsMonitor<ProxyOptions> options,
    IOptionsMonitor<CredentialOptions> credentials,
    TimeProvider timeProvider,
    ILogger<ActivityReporter> logger) : BackgroundService
{
    public const string ActivityPath = "hub/api/internal/activity";

    private static readonly TimeSpan ShutdownReportTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.ActivityReportInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            using var lastChance = new CancellationTokenSource(ShutdownReportTimeout, timeProvider);
            try
            {
                await ReportAsync(lastChance.Token);
            }
            catch (OperationCanceledException)
            {
                // The hub did not answer in time; the activity is lost, which only delays culling.
            }
        }
    }

    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        var activity = tracker.Unreported();
        if (activity.Count == 0)
        {
            return;
        }

        // DateTime in UTC serializes with a 'Z', as JupyterHub writes times.
        var body = activity.ToDictionary(a => a.Key, a => a.Value.UtcDateTime, StringComparer.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, ActivityPath) { Content = JsonContent.Create(body, RouteControllerJsonContext.Default.DictionaryStringDateTime) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.CurrentValue.ServiceTokens.RouteController);
        try
        {
            using var response = await hubClient.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                tracker.MarkReported(activity);
                LogReported(activity.Count);
            }
            else
            {
                LogRefused((int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Reported activity of {Count} servers to the hub")]
    private partial void LogReported(int count);

    [LoggerMessage(LogLevel.Warning, "The hub answered {StatusCode} to an activity report; it will be sent again")]
    private partial void LogRefused(int statusCode);

    [LoggerMessage(LogLevel.Warning, "Could not report activity to the hub; it will be sent again")]
    private partial void LogFailed(Exception exception);
}
