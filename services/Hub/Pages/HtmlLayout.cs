using System.Text;
using System.Text.Encodings.Web;
using Lakehouse.Hub.Security;

namespace Lakehouse.Hub.Pages;

/// <summary>The pages' shared frame: no external assets, every value HTML-encoded, strict security headers.</summary>
internal static class HtmlLayout
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f6f7f9}
        header{background:#1f3a5f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center}
        header a{color:#fff}header .who{margin-left:auto}
        main{max-width:60em;margin:1.5em auto;background:#fff;padding:1.5em;border-radius:6px}
        .error{color:#a00;font-weight:600}.notice{color:#064}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35em;text-align:left}
        form.inline{display:inline}button{padding:.3em .9em}
        progress{width:100%;height:1.4em}code{background:#eee;padding:.15em .3em;word-break:break-all}
        label{display:block;margin:.5em 0}
        """;

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);

    /// <summary>A hidden field with the request's CSRF token: every form carries one.</summary>
    public static string XsrfField(HttpContext context) =>
        $"<input type=\"hidden\" name=\"{Xsrf.FormField}\" value=\"{E(Xsrf.ForPage(context))}\">";

    public static IResult Page(HttpContext context, string title, string body, HubCaller? caller, int status = StatusCodes.Status200OK, string? script = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>").Append(E(title)).Append(" – Lakehouse</title><style>").Append(Style).Append("</style></head><body><header><strong>Lakehouse</strong>");
        if (caller is not null)
        {
            html.Append("<a href=\"/hub/home\">Home</a><a href=\"/hub/token\">Token</a>");
            if (caller.Has(Scopes.AdminUi))
            {
                html.Append("<a href=\"/hub/admin\">Admin</a>");
            }

            html.Append("<span class=\"who\">").Append(E(caller.Name)).Append("</span>")
                .Append("<form class=\"inline\" method=\"post\" action=\"/hub/logout\">").Append(XsrfField(context))
                .Append("<button type=\"submit\">Logout</button></form>");
        }

        html.Append("</header><main>").Append(body).Append("</main>");
        if (script is not null)
        {
            html.Append("<script src=\"").Append(E(script)).Append("\"></script>");
        }

        html.Append("</body></html>");
        var headers = context.Response.Headers;
        // A login that began on a Spark UI host ends there (a redirect after the form, which form-action also governs).
        var domain = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Options.HubOptions>>().CurrentValue.SparkUiDomain;
        headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; form-action 'self' *.sparkui.{domain}:*; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult BadForm(HttpContext context, HubCaller? caller) =>
        Page(context, "Invalid form", "<p class=\"error\">This form is missing its security token (_xsrf) or it is stale. Go back, reload the page and try again.</p>",
            caller, StatusCodes.Status403Forbidden);

    /// <summary>A page for signed-in users only: anyone else is sent to the login page, and back afterwards.</summary>
    public static IResult ToLogin(HttpContext context) =>
        Results.Redirect($"/hub/login?next={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
}
