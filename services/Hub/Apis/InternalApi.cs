using Lakehouse.Contracts;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Apis;

/// <summary>
/// <c>/hub/api/internal</c>: what the route controller asks with its service token. Who may reach
/// <c>/user/{name}/</c>, and the last request time per server for culling.
/// </summary>
public static class InternalApi
{
    public const string Prefix = "/hub/api/internal";

    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).AddEndpointFilter(RequireRouteController);
        group.MapPost("/authorize", Authorize);
        group.MapPost("/activity", Activity);
        group.MapPost("/sparkui-session", SparkUiSession);
        return endpoints;
    }

    private static async ValueTask<object?> RequireRouteController(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = http.RequestServices.GetRequiredService<IOptionsMonitor<PlatformOptions>>().CurrentValue.ServiceTokens.RouteController;
        string? header = http.Request.Headers.Authorization;
        const string bearer = "Bearer ";
        var presented = header is not null && header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : null;
        if (!Secrets.FixedTimeEquals(presented, expected))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "The route controller's service token is required.");
        }

        return await next(context);
    }

    /// <summary>Whether the request's token or cookie holds <c>access:servers</c> on the server's user.</summary>
    private static async Task<IResult> Authorize(
        AuthorizeRequest request, CallerResolver callers, UserService users, CancellationToken cancellationToken)
    {
        var caller = request.Token is { Length: > 0 } token ? await callers.FromTokenAsync(token, cancellationToken) : null;
        if (caller is null && request.Cookie is { Length: > 0 } cookie)
        {
            caller = await callers.FromSessionAsync(cookie, cancellationToken);
        }

        if (caller is null)
        {
            return Results.Json(new AuthorizeResponse(false, null, false), HubJsonContext.Responses.AuthorizeResponse);
        }

        if (caller.IsService)
        {
            return Results.Json(new AuthorizeResponse(true, caller.Name, true), HubJsonContext.Responses.AuthorizeResponse);
        }

        var allowed = UserName.TryNormalize(request.Server, out var server, out _)
            && await caller.AllowsAsync(Scopes.AccessServers, server, users, cancellationToken);
        return Results.Json(new AuthorizeResponse(allowed, caller.Name, caller.Admin), HubJsonContext.Responses.AuthorizeResponse);
    }

    /// <summary>
    /// Trades a Spark UI hand-off code (from <c>/hub/sparkui-login</c>) for a new session, which the route controller
    /// sets as the cookie of that Spark UI host. The code works once, for the host it was issued for.
    /// </summary>
    private static async Task<IResult> SparkUiSession(
        SparkUiSessionRequest request, SparkUiHandoff handoff, SessionService sessions, CancellationToken cancellationToken)
    {
        if (request.Code is not { Length: > 0 } code || request.Host is not { Length: > 0 } host || handoff.Redeem(code, host) is not { } userId)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "The login hand-off code is unknown, used or expired.");
        }

        var (session, expires) = await sessions.CreateAsync(userId, cancellationToken);
        return Results.Json(new SparkUiSessionResponse(session, expires), HubJsonContext.Responses.SparkUiSessionResponse);
    }

    private static async Task<IResult> Activity(
        Dictionary<string, DateTimeOffset> activity, UserService users, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byUser = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (raw, seen) in activity)
        {
            if (!ApiResults.TryUserName(raw, out var name, out var error))
            {
                return error;
            }

            // A clock ahead of ours must not keep a server alive for ever.
            var clamped = seen > now ? now : seen;
            byUser[name] = clamped.UtcDateTime;
        }

        await users.RecordActivityAsync(byUser, cancellationToken);
        return Results.NoContent();
    }
}
