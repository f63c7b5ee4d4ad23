using Microsoft.AspNetCore.Http;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Guards state-changing requests against cross-site request forgery.</summary>
/// <remarks>
/// Two layers. The session cookie is SameSite=Strict, so browsers do not send it on requests that another site starts.
/// And a cookie-authenticated command must carry the <see cref="DashboardRoutes.CsrfHeader"/> header: an HTML form cannot
/// set headers, and a cross-origin script that tries needs a CORS preflight, which the dashboard never grants.
/// A header instead of an antiforgery token keeps the dashboard free of server-side token state and works the same for
/// every page. An <c>Origin</c> header, when the browser sends one, must be the dashboard's own.
/// Bearer-token requests need neither: a browser never attaches that header by itself, so they cannot be forged.
/// </remarks>
internal sealed class CsrfProtectionFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!DashboardAuthentication.IsCookieAuthenticated(http))
        {
            return next(context);
        }

        var request = http.Request;
        if (string.IsNullOrEmpty(request.Headers[DashboardRoutes.CsrfHeader]))
        {
            return Refuse($"A command sent with the dashboard cookie needs the '{DashboardRoutes.CsrfHeader}' header; use the dashboard's buttons, or send 'Authorization: Bearer TOKEN' from scripts.");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("Commands are accepted only from the dashboard's own pages.");
        }

        return next(context);
    }

    private static ValueTask<object?> Refuse(string detail) =>
        ValueTask.FromResult<object?>(Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden));
}
