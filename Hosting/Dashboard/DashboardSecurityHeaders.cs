using Microsoft.AspNetCore.Http;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Headers on every response: only the dashboard's own scripts and styles run, no framing, no sniffing,
/// no referrer (so the login link never leaks), nothing cached.</summary>
internal sealed class DashboardSecurityHeaders(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
