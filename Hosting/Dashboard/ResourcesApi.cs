using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Lakehouse.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The JSON and server-sent-event API that the pages and scripts use.</summary>
internal static class ResourcesApi
{
    public const string ResourceEvent = "resource";
    public const string LogEvent = "log";

    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(DashboardRoutes.Api);
        api.MapGet("/resources", (IResourceMonitor monitor) => TypedResults.Ok(monitor.GetSnapshots()));
        api.MapGet("/resources/{name}", GetResource);
        api.MapGet("/events", WatchResources);
        api.MapGet("/resources/{name}/logs", WatchLogs);
        api.MapPost("/resources/{name}/commands/{command}", ExecuteCommandAsync)
            .AddEndpointFilter<CsrfProtectionFilter>();
        return endpoints;
    }

    private static IResult GetResource(string name, IResourceMonitor monitor) =>
        ResourceLookup.TryFind(monitor, name, out var snapshot, out var failure, out var message)
            ? TypedResults.Ok(snapshot)
            : LookupProblem(failure, message);

    /// <summary>Every resource's current snapshot, then each change, as <c>resource</c> events.</summary>
    private static IResult WatchResources(IResourceMonitor monitor, HttpContext context, IHostApplicationLifetime lifetime) =>
        TypedResults.ServerSentEvents(WatchResourcesAsync(monitor, context.RequestAborted, lifetime.ApplicationStopping));

    /// <summary>The buffered console lines, then new ones, as <c>log</c> events whose id is the line's sequence number,
    /// so that a reconnecting EventSource (which sends <c>Last-Event-ID</c>) does not get lines twice.</summary>
    private static IResult WatchLogs(string name, IResourceMonitor monitor, HttpContext context, IHostApplicationLifetime lifetime)
    {
        if (!ResourceLookup.TryFind(monitor, name, out var snapshot, out var failure, out var message))
        {
            return LookupProblem(failure, message);
        }

        var after = long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastId) ? lastId : long.MinValue;
        return TypedResults.ServerSentEvents(WatchLogsAsync(monitor, snapshot.Name, after, context.RequestAborted, lifetime.ApplicationStopping));
    }

    private static async Task<IResult> ExecuteCommandAsync(
        string name, string command, IResourceMonitor monitor, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var found = ResourceLookup.TryFind(monitor, name, out var snapshot, out var failure, out var message);
        if (!found && failure == ResourceLookup.Failure.InvalidName)
        {
            return LookupProblem(failure, message);
        }

        if (!KnownResourceCommands.All.Contains(command, StringComparer.Ordinal))
        {
            return Results.Problem(
                title: "Unknown command",
                detail: $"Unknown command; use one of: {string.Join(", ", KnownResourceCommands.All)}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (snapshot is null)
        {
            return LookupProblem(failure, message);
        }

        var logger = loggerFactory.CreateLogger(typeof(ResourcesApi).FullName!);
        logger.LogInformation("Dashboard runs command {Command} on resource {Resource}", command, snapshot.Name);
        try
        {
            await monitor.ExecuteCommandAsync(snapshot.Name, command, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(title: "Command refused", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InvalidOperationException ex)
        {
            return Results.Problem(title: "Command refused", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Ok(new ResourceCommandResult(snapshot.Name, command));
    }

    private static IResult LookupProblem(ResourceLookup.Failure failure, string message) => failure switch
    {
        ResourceLookup.Failure.InvalidName => Results.Problem(title: "Invalid resource name", detail: message, statusCode: StatusCodes.Status400BadRequest),
        _ => Results.Problem(title: "Unknown resource", detail: message, statusCode: StatusCodes.Status404NotFound),
    };

    private static async IAsyncEnumerable<SseItem<ResourceSnapshot>> WatchResourcesAsync(
        IResourceMonitor monitor, CancellationToken requestAborted, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, cancellationToken);
        await foreach (var snapshot in monitor.WatchAsync(linked.Token).EndOnCancellation(linked.Token))
        {
            yield return new SseItem<ResourceSnapshot>(snapshot, ResourceEvent);
        }
    }

    private static async IAsyncEnumerable<SseItem<ResourceLogLine>> WatchLogsAsync(
        IResourceMonitor monitor, string resourceName, long after, CancellationToken requestAborted, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, cancellationToken);
        await foreach (var line in monitor.WatchLogsAsync(resourceName, linked.Token).EndOnCancellation(linked.Token))
        {
            if (line.Sequence > after)
            {
                yield return new SseItem<ResourceLogLine>(line, LogEvent) { EventId = line.Sequence.ToString(CultureInfo.InvariantCulture) };
            }
        }
    }
}
