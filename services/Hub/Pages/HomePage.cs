using Lakehouse.Contracts;
using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Homes;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary><c>/hub/home</c> with Start and Stop; <c>POST /hub/spawn/{name}</c> and <c>POST /hub/stop/{name}</c> serve it and the admin page.</summary>
internal static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/home", Home);
        endpoints.MapPost("/hub/spawn/{name}", Spawn).DisableAntiforgery();
        endpoints.MapPost("/hub/stop/{name}", Stop).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Home(HttpContext context, ServerRegistry registry, HomeStorage storage, CancellationToken cancellationToken)
    {
        if (!PageContext.TryCaller(context, out var caller, out var redirect))
        {
            return redirect!;
        }

        var home = HomeStorageView.Section(caller.Name, await storage.TryGetAsync(caller.Name, cancellationToken), storage.IsConfigured);
        return Render(context, caller, registry.Get(caller.Name), null, StatusCodes.Status200OK, home);
    }

    private static async Task<IResult> Spawn(
        HttpContext context, string name, UserService users, ServerLauncher launcher, IOptionsMonitor<HubOptions> options,
        ServerRegistry registry, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!UserName.TryNormalize(name, out var userName, out var error) || !caller!.MayActOn(userName))
        {
            return Render(context, caller!, registry.Get(caller!.Name), error ?? "You may not start this server.", StatusCodes.Status403Forbidden);
        }

        var user = await users.FindAsync(userName, cancellationToken);
        if (user is null)
        {
            return Render(context, caller, registry.Get(caller.Name), $"User {userName} not found.", StatusCodes.Status404NotFound);
        }

        var result = await launcher.StartAsync(user, cancellationToken);
        switch (result.Outcome)
        {
            case StartOutcome.Pending:
                return Results.Redirect($"/hub/spawn-pending/{userName}");
            case StartOutcome.Ready:
            case StartOutcome.AlreadyActive when registry.Get(userName)?.State == ServerState.Running:
                return Results.Redirect(UserModel.PublicUrl(userName));
            case StartOutcome.AlreadyActive:
                return Results.Redirect($"/hub/spawn-pending/{userName}");
            case StartOutcome.SpawnLimit or StartOutcome.ActiveLimit:
                context.Response.Headers.RetryAfter = ((int)options.CurrentValue.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Render(context, caller, registry.Get(caller.Name), result.Message, StatusCodes.Status429TooManyRequests);
            default:
                return Render(context, caller, registry.Get(caller.Name), result.Message, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> Stop(HttpContext context, string name, ServerLauncher launcher, ServerRegistry registry, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!UserName.TryNormalize(name, out var userName, out var error) || !caller!.MayActOn(userName))
        {
            return Render(context, caller!, registry.Get(caller!.Name), error ?? "You may not stop this server.", StatusCodes.Status403Forbidden);
        }

        await launcher.StopAsync(userName, cancellationToken);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        return Results.Redirect(LocalRedirect.Sanitize(form["next"]));
    }

    private static IResult Render(HttpContext context, HubCaller caller, ServerStatus? server, string? error, int status, string home = "")
    {
        var name = caller.Name;
        var state = server?.State;
        var active = state is ServerState.Pending or ServerState.Running;
        var body = $"""
            <h1>Your server</h1>
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            <p id="server-state">Server: <strong>{E(state switch { ServerState.Running => "running", ServerState.Pending => "starting", ServerState.Stopping => "stopping", _ => "stopped" })}</strong></p>
            """;
        if (state == ServerState.Running)
        {
            body += $"<p><a id=\"server-link\" href=\"{E(UserModel.PublicUrl(name))}\">Open my server</a></p>";
        }
        else if (state == ServerState.Pending)
        {
            body += $"<p><a href=\"/hub/spawn-pending/{E(name)}\">Watch it start</a></p>";
        }

        body += active || state == ServerState.Stopping
            ? $"<form method=\"post\" action=\"/hub/stop/{E(name)}\">{XsrfField(context)}<input type=\"hidden\" name=\"next\" value=\"/hub/home\"><button id=\"stop\" type=\"submit\">Stop my server</button></form>"
            : $"<form method=\"post\" action=\"/hub/spawn/{E(name)}\">{XsrfField(context)}<button id=\"start\" type=\"submit\">Start my server</button></form>";
        return Page(context, "Home", body + home, caller, status);
    }
}
