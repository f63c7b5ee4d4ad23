using Lakehouse.Contracts;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lakehouse.RouteController.Activity;
using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Proxy;
using Lakehouse.RouteController.Routing;
using Lakehouse.ServiceDefaults.ServiceDiscovery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Apis;

/// <summary>
/// configurable-http-proxy's route API for operators, on the management endpoint, behind the api-token:
/// <c>GET /api/routes[?inactive_since=ISO]</c>. Routes come from the spawner, so adding or deleting one here is refused.
/// </summary>
public static class RoutesApi
{
    public static RouteGroupBuilder MapRoutesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/routes").AddEndpointFilter(RequireApiTokenAsync);
        api.MapGet("/", ListRoutesAsync);
        api.MapMethods("/{**path}", [HttpMethods.Post, HttpMethods.Delete, HttpMethods.Put, HttpMethods.Patch], RefuseChange);
        return api;
    }

    public static async Task<IResult> ListRoutesAsync(
        [FromQuery(Name = "inactive_since")] string? inactiveSince,
        RouteTable routes,
        ActivityTracker activity,
        SparkUiHost sparkUiHost,
        IServiceEndpointResolver resolver,
        IOptionsMonitor<ProxyOptions> options,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? cutoff = null;
        if (inactiveSince is not null)
        {
            if (!DateTimeOffset.TryParse(inactiveSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Error(StatusCodes.Status400BadRequest, "inactive_since must be an ISO 8601 time, such as 2026-01-31T12:00:00Z.");
            }

            cutoff = parsed;
        }

        var result = new SortedDictionary<string, RouteEntry>(StringComparer.Ordinal);
        var settings = options.CurrentValue;
        try
        {
            var hub = await resolver.ResolveAsync(settings.HubUrl, cancellationToken);
            Add(result, cutoff, "/hub", new RouteEntry(hub.ToString().TrimEnd('/'), Iso(timeProvider.GetUtcNow()), Hub: true), timeProvider.GetUtcNow());
        }
        catch (InvalidOperationException)
        {
            // An unresolvable hub has no route to list; the proxy reports that on each request.
        }

        foreach (var route in routes.List().Where(r => r.IsRunning))
        {
            var last = activity.LastActivity(route.Name) is { } used && used > route.Since ? used : route.Since;
            Add(result, cutoff, $"/user/{route.Name}", new RouteEntry(route.Target!.ToString(), Iso(last), route.Name), last);
            if (route.SparkUiTarget is { } spark)
            {
                Add(result, cutoff, "/" + sparkUiHost.HostFor(route.Name), new RouteEntry(spark.ToString(), Iso(last), route.Name, SparkUi: true), last);
            }
        }

        return Results.Json(result, RouteControllerJsonContext.Responses.SortedDictionaryStringRouteEntry);
    }

    private static void Add(
        SortedDictionary<string, RouteEntry> result, DateTimeOffset? cutoff, string key, RouteEntry entry, DateTimeOffset lastActivity)
    {
        // As CHP: only routes idle since before the cutoff.
        if (cutoff is null || lastActivity < cutoff)
        {
            result[key] = entry;
        }
    }

    private static IResult RefuseChange() => Error(
        StatusCodes.Status405MethodNotAllowed, "Routes follow the spawner's servers; they cannot be added or removed through this API.");

    private static IResult Error(int status, string message) =>
        Results.Json(new ProxyAnswers.ProxyError(status, message), RouteControllerJsonContext.Responses.ProxyError, statusCode: status);

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>Authorization: token &lt;api-token&gt;</c>, compared in constant time on hashes.</summary>
    private static async ValueTask<object?> RequireApiTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = http.RequestServices.GetRequiredService<IOptionsMonitor<CredentialOptions>>().CurrentValue.ApiToken;
        string? header = http.Request.Headers.Authorization;
        var presented = header is not null && header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..].Trim() : null;
        var valid = !string.IsNullOrEmpty(configured) & presented is not null
            & CryptographicOperations.FixedTimeEquals(Hash(presented ?? string.Empty), Hash(configured ?? string.Empty));
        if (!valid)
        {
            http.Response.Headers.WWWAuthenticate = "token";
            return Error(StatusCodes.Status401Unauthorized, "The route API requires 'Authorization: token <api-token>'.");
        }

        return await next(context);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
