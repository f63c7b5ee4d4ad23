using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Authentication;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.Servers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Apis;

/// <summary>The hub's API: list, get, start and stop servers, and follow a spawn's progress.</summary>
public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/servers").RequireAuthorization(ServiceCallers.ReadPolicy);

        api.MapGet("/", ListServers);
        api.MapGet("/{name}", GetServer);
        api.MapPost("/{name}", StartServerAsync).RequireAuthorization(ServiceCallers.ManagePolicy);
        api.MapDelete("/{name}", StopServerAsync).RequireAuthorization(ServiceCallers.ManagePolicy);
        api.MapGet("/{name}/progress", StreamProgressAsync);

        return api;
    }

    public static Ok<IReadOnlyList<ServerStatus>> ListServers(ServerManager manager) => TypedResults.Ok(manager.List());

    public static Results<Ok<ServerStatus>, NotFound<ProblemDetails>, BadRequest<ProblemDetails>> GetServer(string name, ServerManager manager)
    {
        if (!UserName.TryNormalize(name, out var userName, out var error))
        {
            return InvalidName(error);
        }

        return manager.Get(userName) is { } status ? TypedResults.Ok(status) : UnknownServer(userName);
    }

    public static async Task<Results<Accepted<ServerStatus>, Ok<ServerStatus>, Conflict<ProblemDetails>, BadRequest<ProblemDetails>>> StartServerAsync(
        string name,
        HttpRequest request,
        ServerManager manager,
        StartRequestValidator validator,
        CancellationToken cancellationToken)
    {
        if (!UserName.TryNormalize(name, out var userName, out var error))
        {
            return InvalidName(error);
        }

        StartServerRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ContractJsonContext.Default.StartServerRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.BadRequest(Problem("Invalid start request", $"The body is not a start request: {e.Message}"));
        }

        if (validator.Validate(userName, body) is { } invalid)
        {
            return TypedResults.BadRequest(Problem("Invalid start request", invalid));
        }

        var identity = body!.Identity with { Name = userName };
        var (outcome, status) = await manager.StartAsync(identity, body.Environment ?? new Dictionary<string, string>(), cancellationToken);
        return outcome switch
        {
            StartOutcome.Started => TypedResults.Accepted($"/api/servers/{userName}", status),
            StartOutcome.AlreadyRunning => TypedResults.Ok(status),
            _ => TypedResults.Conflict(Problem("Server busy", $"The server of {userName} is {status.State.ToString().ToLowerInvariant()}; try again once it is settled.")),
        };
    }

    public static async Task<Results<Accepted<ServerStatus>, NoContent, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> StopServerAsync(
        string name, ServerManager manager, CancellationToken cancellationToken)
    {
        if (!UserName.TryNormalize(name, out var userName, out var error))
        {
            return InvalidName(error);
        }

        var (outcome, status) = await manager.StopAsync(userName, cancellationToken);
        return outcome switch
        {
            StopOutcome.Stopping => TypedResults.Accepted($"/api/servers/{userName}", status),
            StopOutcome.AlreadyStopped => TypedResults.NoContent(),
            _ => UnknownServer(userName),
        };
    }

    /// <summary>Every event of the current spawn from its start, then the new ones; ends after ready or failed.</summary>
    public static async Task<Results<EmptyHttpResult, NotFound<ProblemDetails>, BadRequest<ProblemDetails>>> StreamProgressAsync(
        string name,
        HttpContext context,
        ServerManager manager,
        IOptions<SpawnerOptions> options,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        if (!UserName.TryNormalize(name, out var userName, out var error))
        {
            return InvalidName(error);
        }

        if (manager.GetProgress(userName) is not { } progress)
        {
            return UnknownServer(userName);
        }

        // Streams end when the client goes away or the spawner stops, whichever comes first.
        using var streamEnded = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var stream = await ServerSentEventWriter.StartAsync(context, options.Value.KeepAliveInterval, timeProvider, streamEnded.Token);
        var sent = 0;
        try
        {
            while (true)
            {
                var (events, isComplete, changed) = progress.Read(sent);
                foreach (var progressEvent in events)
                {
                    await stream.WriteAsync(null, progressEvent, ContractJsonContext.Default.ProgressEvent, streamEnded.Token);
                }

                sent += events.Count;
                if (isComplete)
                {
                    break;
                }

                await stream.WaitAsync(changed, streamEnded.Token);
            }
        }
        catch (OperationCanceledException) when (streamEnded.IsCancellationRequested)
        {
            // The client went away.
        }

        return TypedResults.Empty;
    }

    private static BadRequest<ProblemDetails> InvalidName(string error) => TypedResults.BadRequest(Problem("Invalid user name", error));

    private static NotFound<ProblemDetails> UnknownServer(string name) =>
        TypedResults.NotFound(Problem("Unknown server", $"The spawner knows no server of {name}."));

    private static ProblemDetails Problem(string title, string detail) => new() { Title = title, Detail = detail };
}
