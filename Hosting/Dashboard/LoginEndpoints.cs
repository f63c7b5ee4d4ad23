using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lakehouse.Hosting.Dashboard;

/// <summary><c>/login?t=TOKEN</c>: trades the printed token for a session cookie.</summary>
internal static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DashboardRoutes.Login, Login);
        return endpoints;
    }

    private static IResult Login([FromQuery(Name = "t")] string? token, HttpContext context, DashboardBrowserToken browserToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrEmpty(token))
        {
            return DashboardMessagePage.Login("Open the login link that the AppHost printed at start, or paste its token (the part after t=) below.");
        }

        if (token.Length > DashboardBrowserToken.MaximumLength)
        {
            return DashboardMessagePage.Login($"That token is too long (at most {DashboardBrowserToken.MaximumLength} characters). Copy the login link from the AppHost console again.");
        }

        if (!browserToken.Matches(token))
        {
            return DashboardMessagePage.Login("That token is not valid. The AppHost generates a new one at every start: copy the login link from its console again.");
        }

        context.Response.Cookies.Append(DashboardAuthentication.CookieName, browserToken.SessionCookieValue, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

        // Always to the dashboard's own root: no return URL is taken from the request, so there is no open redirect.
        return Results.Redirect("/");
    }
}
