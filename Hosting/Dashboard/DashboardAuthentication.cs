using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Every page and API needs the session cookie (set by <c>/login</c>) or <c>Authorization: Bearer TOKEN</c>.
/// Only the login page and the static assets, which hold no data, are open.</summary>
internal sealed class DashboardAuthentication(RequestDelegate next, DashboardBrowserToken token)
{
    public const string CookieName = "lakehouse_dashboard";
    public const string CookieScheme = "Cookie";
    public const string BearerScheme = "Bearer";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path))
        {
            return next(context);
        }

        var scheme = Authenticate(context.Request);
        if (scheme is null)
        {
            return Challenge(context);
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity(authenticationType: scheme));
        return next(context);
    }

    /// <summary>True when the request proved itself with the browser cookie (and so needs the CSRF proof for commands).</summary>
    public static bool IsCookieAuthenticated(HttpContext context) =>
        context.User.Identity?.AuthenticationType == CookieScheme;

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments(DashboardRoutes.Login) || path.StartsWithSegments(DashboardRoutes.Assets);

    private string? Authenticate(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            // A wrong bearer token fails even when a valid cookie is present: scripts should learn their token is bad.
            return token.Matches(authorization[(BearerScheme.Length + 1)..].Trim()) ? BearerScheme : null;
        }

        return token.MatchesSessionCookie(request.Cookies[CookieName]) ? CookieScheme : null;
    }

    private static Task Challenge(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = BearerScheme;
        var result = DashboardRoutes.IsApi(context.Request.Path)
            ? Results.Problem(
                title: "Unauthorized",
                detail: "Sign in with the dashboard's login link (printed at AppHost start) or send 'Authorization: Bearer TOKEN'.",
                statusCode: StatusCodes.Status401Unauthorized)
            : DashboardMessagePage.Login("Open the login link that the AppHost printed at start, or paste its token (the part after t=) below.");
        return result.ExecuteAsync(context);
    }
}
