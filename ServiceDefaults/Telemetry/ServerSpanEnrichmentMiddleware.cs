using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>
/// Adds the HTTP semantic-convention tags to ASP.NET Core's own request activity. .NET 10 leaves them out (only the
/// OpenTelemetry.Instrumentation.AspNetCore package, unavailable here, would add them), and without them exported
/// spans carry neither method, path, route nor status.
/// </summary>
public sealed class ServerSpanEnrichmentMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null || !activity.IsAllDataRequested)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        activity.SetTag(ServerSpanTags.RequestMethod, request.Method);
        activity.SetTag(ServerSpanTags.UrlScheme, request.Scheme);
        activity.SetTag(ServerSpanTags.UrlPath, request.Path.Value);
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            activity.SetTag(ServerSpanTags.ErrorType, exception.GetType().FullName);
            throw;
        }
        finally
        {
            var statusCode = context.Response.StatusCode;
            activity.SetTag(ServerSpanTags.ResponseStatusCode, statusCode);
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
            {
                activity.SetTag(ServerSpanTags.Route, route);
                activity.DisplayName = $"{request.Method} {route}";
            }
            else
            {
                activity.DisplayName = request.Method;
            }
        }
    }
}
