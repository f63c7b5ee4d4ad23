using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary>
/// <c>/hub/sparkui-login?host=…&amp;next=…</c>: where the route controller sends an anonymous browser from a Spark
/// UI host. Signed in (after the login page if need be), the browser goes back to that host's
/// <c>/__lakehouse/callback</c> with a one-time code. Only Spark UI hosts of the platform's domain are accepted.
/// </summary>
internal static class SparkUiLoginPage
{
    public const string CallbackPath = "/__lakehouse/callback";

    public static IEndpointRouteBuilder MapSparkUiLoginPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/sparkui-login", async (HttpContext context, string? host, string? next, UserService users, SparkUiHandoff handoff, CancellationToken cancellationToken) =>
        {
            if (!handoff.IsSparkUiHost(host))
            {
                return Page(context, "Spark UI", "<p class=\"error\">That is not a Spark UI host of this platform.</p>", HubCaller.From(context), StatusCodes.Status400BadRequest);
            }

            if (!PageContext.TryCaller(context, out var caller, out var redirect))
            {
                return redirect!;
            }

            if (await users.FindAsync(caller.Name, cancellationToken) is not { } user)
            {
                return Page(context, "Spark UI", "<p class=\"error\">Only users can open Spark UIs in a browser.</p>", caller, StatusCodes.Status403Forbidden);
            }

            var code = handoff.Issue(user.Id, host!);
            var query = QueryString.Create(new Dictionary<string, string?> { ["code"] = code, ["next"] = Contracts.LocalPath.Sanitize(next, "/") });
            return Results.Redirect($"{context.Request.Scheme}://{host!.ToLowerInvariant()}{CallbackPath}{query}");
        });
        return endpoints;
    }
}
