using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Lakehouse.RouteController.Proxy;

/// <summary>The proxy's own answers: redirects for browsers, JupyterHub-style JSON errors for everyone else.</summary>
public static class ProxyAnswers
{
    /// <summary>A page navigation: it can follow a redirect to a page, where an API client wants a status code.</summary>
    public static bool IsBrowserNavigation(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !IsUpgrade(request.HttpContext)
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    public static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;

    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new ProxyError(status, message), RouteControllerJsonContext.Responses.ProxyError, cancellationToken: context.RequestAborted);
    }

    public static Task RedirectAsync(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    public static Task UnauthorizedAsync(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "token";
        return ErrorAsync(context, StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>JupyterHub's error body.</summary>
    public sealed record ProxyError(int Status, string Message);
}
