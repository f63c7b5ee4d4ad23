using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Lakehouse.Contracts;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Apis;

/// <summary><c>/hub/api/users/{name}/server</c>: start, stop, and the progress of a spawn.</summary>
public static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{name}/server", StartServer);
        api.MapDelete("/users/{name}/server", StopServer);
        api.MapGet("/users/{name}/server/progress", Progress);
        return api;
    }

    /// <summary>The start outcome as JupyterHub answers it.</summary>
    public static IResult ToResult(HttpContext context, StartResult result, HubOptions options) => result.Outcome switch
    {
        StartOutcome.Pending => Results.StatusCode(StatusCodes.Status202Accepted),
        StartOutcome.Ready => Results.StatusCode(StatusCodes.Status201Created),
        StartOutcome.SpawnLimit or StartOutcome.ActiveLimit => ApiResults.TooManyRequests(context, options.RetryAfter, result.Message),
        StartOutcome.SpawnerFailed => ApiResults.Error(StatusCodes.Status502BadGateway, result.Message),
        StartOutcome.DirectoryUnavailable => ApiResults.Error(StatusCodes.Status503ServiceUnavailable, result.Message),
        _ => ApiResults.Error(StatusCodes.Status400BadRequest, result.Message),
    };

    private static async Task<IResult> StartServer(
        HttpContext context, string name, UserService users, ServerLauncher launcher, IOptionsMonitor<HubOptions> options,
        CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        if (await ApiResults.RefuseUnlessAsync(context, Security.Scopes.Servers, userName, users, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var user = await users.FindAsync(userName, cancellationToken);
        if (user is null)
        {
            return ApiResults.NotFound($"User {userName}");
        }

        return ToResult(context, await launcher.StartAsync(user, cancellationToken), options.CurrentValue);
    }

    private static async Task<IResult> StopServer(
        HttpContext context, string name, UserService users, ServerLauncher launcher, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        if (await ApiResults.RefuseUnlessAsync(context, Security.Scopes.Servers, userName, users, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await users.FindAsync(userName, cancellationToken) is null)
        {
            return ApiResults.NotFound($"User {userName}");
        }

        return await launcher.StopAsync(userName, cancellationToken) ? Results.NoContent() : Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Relays the spawner's progress stream in JupyterHub's shape, with the public <c>/user/{name}/</c> url in the
    /// ready event, and keepalive comments while nothing happens.
    /// </summary>
    private static async Task Progress(
        HttpContext context, string name, UserService users, ServerRegistry registry, SpawnerClient spawner,
        IOptionsMonitor<HubOptions> options, CancellationToken cancellationToken)
    {
        IResult? refusal = null;
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            refusal = error;
        }
        else if (await ApiResults.RefuseUnlessAsync(context, Security.Scopes.ReadServers, userName, users, cancellationToken) is { } missing)
        {
            refusal = missing;
        }
        else if (await users.FindAsync(userName, cancellationToken) is null)
        {
            refusal = ApiResults.NotFound($"User {userName}");
        }
        else if (registry.Get(userName) is not { State: ServerState.Pending or ServerState.Running })
        {
            refusal = ApiResults.Error(400, $"{userName}'s server is not running or starting.");
        }

        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.FlushAsync(cancellationToken);

        var publicUrl = UserModel.PublicUrl(userName!);
        var events = Channel.CreateUnbounded<ProgressModel>();
        var relay = RelayAsync(spawner, userName!, publicUrl, events.Writer, cancellationToken);
        var keepAlive = options.CurrentValue.ProgressKeepAliveInterval;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(keepAlive);
            bool more;
            try
            {
                more = await events.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await response.WriteAsync(": keepalive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }

            if (!more)
            {
                break;
            }

            while (events.Reader.TryRead(out var progress))
            {
                var data = JsonSerializer.Serialize(progress, HubJsonContext.Responses.ProgressModel);
                await response.WriteAsync($"data: {data}\n\n", cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
        }

        await relay;
    }

    private static async Task RelayAsync(
        SpawnerClient spawner, string name, string publicUrl, ChannelWriter<ProgressModel> events, CancellationToken cancellationToken)
    {
        try
        {
            using var upstream = await spawner.OpenProgressAsync(name, cancellationToken);
            if (upstream.StatusCode != HttpStatusCode.OK)
            {
                events.TryWrite(new ProgressModel(100, $"Spawn failed: the spawner answered {(int)upstream.StatusCode}.", Failed: true));
                return;
            }

            await using var stream = await upstream.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var progress in SpawnerStreamReader.ReadProgressAsync(stream, cancellationToken))
            {
                events.TryWrite(progress.Ready == true
                    ? new ProgressModel(100, $"Server ready at {publicUrl}", Ready: true, Url: publicUrl)
                    : new ProgressModel(progress.Progress, progress.Message, Failed: progress.Failed));
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            events.TryWrite(new ProgressModel(100, $"Spawn failed: lost the spawner's progress stream ({e.Message}).", Failed: true));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            events.TryComplete();
        }
    }
}
