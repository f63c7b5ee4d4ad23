using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The small server-rendered pages: the login form and error messages. Everything shown is HTML-encoded.</summary>
internal static class DashboardMessagePage
{
    public static IResult Login(string message, int statusCode = StatusCodes.Status401Unauthorized) =>
        Page(statusCode, "Sign in", message, $"""
            <form class="login" method="get" action="{DashboardRoutes.Login}">
              <label for="t">Token</label>
              <input id="t" name="t" type="password" autocomplete="off" required maxlength="{DashboardBrowserToken.MaximumLength}">
              <button type="submit">Sign in</button>
            </form>
            """);

    public static IResult Error(int statusCode, string title, string message) =>
        Page(statusCode, title, message, """<p><a href="/">Back to resources</a></p>""");

    private static IResult Page(int statusCode, string title, string message, string trustedBodyHtml)
    {
        var html = HtmlEncoder.Default;
        var page = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>{html.Encode(title)} · Lakehouse dashboard</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="{DashboardRoutes.Assets}/dashboard.css">
            </head>
            <body class="message-page">
              <main>
                <h1>{html.Encode(title)}</h1>
                <p class="message" role="alert">{html.Encode(message)}</p>
                {trustedBodyHtml}
              </main>
            </body>
            </html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", statusCode: statusCode);
    }
}
