using System.Text;
using Lakehouse.Contracts;
using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Homes;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary><c>/hub/admin</c>: a page of users with server state and last activity; start, stop, add, delete, grant admin.</summary>
internal static class AdminPage
{
    private const int PageSize = UsersApi.DefaultLimit;

    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/admin", List);
        endpoints.MapPost("/hub/admin/users", Add).DisableAntiforgery();
        endpoints.MapPost("/hub/admin/users/{name}/delete", Delete).DisableAntiforgery();
        endpoints.MapPost("/hub/admin/users/{name}/admin", SetAdmin).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> List(
        HttpContext context, UserService users, ServerRegistry registry, CancellationToken cancellationToken, int? offset)
    {
        if (!PageContext.TryCaller(context, out var caller, out var redirect))
        {
            return redirect!;
        }

        if (!caller.IsAdmin)
        {
            return Page(context, "Admin", "<p class=\"error\">The admin page is for admins.</p>", caller, StatusCodes.Status403Forbidden);
        }

        return await RenderAsync(context, caller, users, registry, Math.Max(0, offset ?? 0), null, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> Add(
        HttpContext context, UserService users, ServerRegistry registry, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await AdminPostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var names = new List<string>();
        foreach (var raw in ((string?)form["usernames"] ?? string.Empty).Split(['\n', '\r', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!UserName.TryNormalize(raw, out var name, out var error))
            {
                return await RenderAsync(context, caller!, users, registry, 0, error, StatusCodes.Status400BadRequest, cancellationToken);
            }

            names.Add(name);
        }

        if (names.Count == 0)
        {
            return await RenderAsync(context, caller!, users, registry, 0, "Enter at least one user name.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        var created = await users.CreateAsync(names, form["admin"] == "on", cancellationToken);
        return created.Count == 0
            ? await RenderAsync(context, caller!, users, registry, 0, "These users already exist.", StatusCodes.Status409Conflict, cancellationToken)
            : Results.Redirect("/hub/admin");
    }

    private static async Task<IResult> Delete(
        HttpContext context, string name, UserService users, ServerRegistry registry, ServerLauncher launcher, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await AdminPostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!UserName.TryNormalize(name, out var userName, out var error))
        {
            return await RenderAsync(context, caller!, users, registry, 0, error, StatusCodes.Status400BadRequest, cancellationToken);
        }

        if (registry.Get(userName) is { } status && ServerRegistry.IsActive(status))
        {
            await launcher.StopAsync(userName, cancellationToken);
        }

        await users.DeleteAsync(userName, cancellationToken);
        return Results.Redirect("/hub/admin");
    }

    private static async Task<IResult> SetAdmin(
        HttpContext context, string name, UserService users, ServerRegistry registry, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await AdminPostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!UserName.TryNormalize(name, out var userName, out var error) || await users.FindAsync(userName, cancellationToken) is null)
        {
            return await RenderAsync(context, caller!, users, registry, 0, error ?? $"User {name} not found.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        await users.UpdateAsync(userName, form["admin"] == "true", null, cancellationToken);
        return Results.Redirect("/hub/admin");
    }

    private static async Task<(Security.HubCaller? Caller, IResult? Refusal)> AdminPostAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        return caller!.IsAdmin
            ? (caller, null)
            : (null, Page(context, "Admin", "<p class=\"error\">The admin page is for admins.</p>", caller, StatusCodes.Status403Forbidden));
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context, Security.HubCaller caller, UserService users, ServerRegistry registry, int offset, string? error, int status,
        CancellationToken cancellationToken)
    {
        var (page, counted) = await users.ListAsync(offset, PageSize, null, null, false, cancellationToken);
        var total = counted ?? 0;
        var xsrf = XsrfField(context);
        var storage = context.RequestServices.GetRequiredService<HomeStorage>();
        var homes = await storage.TryListAsync(cancellationToken);
        var rows = new StringBuilder();
        foreach (var user in page)
        {
            var server = registry.Get(user.Name);
            var state = server?.State switch
            {
                ServerState.Running => "running",
                ServerState.Pending => "starting",
                ServerState.Stopping => "stopping",
                _ => "stopped",
            };
            var name = E(user.Name);
            var serverAction = server?.State is ServerState.Running or ServerState.Pending
                ? $"<form class=\"inline\" method=\"post\" action=\"/hub/stop/{name}\">{xsrf}<input type=\"hidden\" name=\"next\" value=\"/hub/admin\"><button>Stop</button></form>"
                : $"<form class=\"inline\" method=\"post\" action=\"/hub/spawn/{name}\">{xsrf}<button>Start</button></form>";
            rows.Append($"""
                <tr data-user="{name}"><td>{name}</td><td>{(user.Admin ? "admin" : "")}</td><td class="state">{state}</td>
                <td>{E(user.LastActivity?.ToString("u") ?? "never")}</td>
                {(storage.IsConfigured ? HomeCell(user.Name, homes.GetValueOrDefault(user.Name), xsrf) : "")}
                <td>{serverAction}
                <form class="inline" method="post" action="/hub/admin/users/{name}/admin">{xsrf}<input type="hidden" name="admin" value="{(user.Admin ? "false" : "true")}"><button>{(user.Admin ? "Revoke admin" : "Grant admin")}</button></form>
                <form class="inline" method="post" action="/hub/admin/users/{name}/delete">{xsrf}<button>Delete</button></form></td></tr>
                """);
        }

        var pager = new StringBuilder();
        if (offset > 0)
        {
            pager.Append($"<a href=\"/hub/admin?offset={Math.Max(0, offset - PageSize)}\">Previous</a> ");
        }

        if (offset + page.Count < total)
        {
            pager.Append($"<a href=\"/hub/admin?offset={offset + PageSize}\">Next</a>");
        }

        var body = $"""
            <h1>Users</h1>
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            <p>{offset + (page.Count > 0 ? 1 : 0)}–{offset + page.Count} of {total}</p>
            <table><thead><tr><th>User</th><th>Admin</th><th>Server</th><th>Last activity</th>{(storage.IsConfigured ? "<th>Home (used of quota)</th>" : "")}<th></th></tr></thead><tbody>{rows}</tbody></table>
            <p>{pager}</p>
            <h2>Add users</h2>
            <form method="post" action="/hub/admin/users">{xsrf}
              <label>User names (one per line) <textarea name="usernames" rows="3" cols="30"></textarea></label>
              <label><input type="checkbox" name="admin"> Admin</label>
              <button type="submit">Add users</button>
            </form>
            """;
        return Page(context, "Admin", body, caller, status);
    }

    private static string HomeCell(string user, HomeVolume? home, string xsrf) => home is null
        ? "<td class=\"home\">no home yet</td>"
        : $"""
          <td class="home"><span class="{(home.State == HomeStates.Ok ? "" : "error")}">{E(HomeStorageView.Usage(home))}</span>
          <form class="inline" method="post" action="/hub/admin/users/{E(user)}/quota">{xsrf}<input name="quota" size="7" value="{E(ByteSize.Format(home.QuotaBytes).Replace(" ", ""))}" aria-label="Quota of {E(user)}"><button>Set quota</button></form></td>
          """;
}
