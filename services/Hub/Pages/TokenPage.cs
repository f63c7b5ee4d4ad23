using System.Text;
using Lakehouse.Hub.Users;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary><c>/hub/token</c>: create an API token (shown once, on the answer page) and revoke tokens.</summary>
internal static class TokenPage
{
    private const int MaxExpiryDays = 3660;

    public static IEndpointRouteBuilder MapTokenPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/token", async (HttpContext context, UserService users, ApiTokenService tokens, CancellationToken cancellationToken) =>
            PageContext.TryCaller(context, out var caller, out var redirect)
                ? await RenderAsync(context, caller, users, tokens, null, null, StatusCodes.Status200OK, cancellationToken)
                : redirect!);
        endpoints.MapPost("/hub/token", Create).DisableAntiforgery();
        endpoints.MapPost("/hub/token/{id}/revoke", Revoke).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Create(HttpContext context, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var user = await users.FindAsync(caller!.Name, cancellationToken);
        if (user is null)
        {
            return await RenderAsync(context, caller, users, tokens, null, "Only users have tokens.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var note = ((string?)form["note"] ?? string.Empty).Trim();
        TimeSpan? expiresIn = null;
        if (form["expires_in_days"] is { Count: > 0 } raw && !string.IsNullOrWhiteSpace(raw))
        {
            if (!int.TryParse(raw, out var days) || days < 1 || days > MaxExpiryDays)
            {
                return await RenderAsync(context, caller, users, tokens, null, $"Expiry must be 1 to {MaxExpiryDays} days, or empty for never.", StatusCodes.Status400BadRequest, cancellationToken);
            }

            expiresIn = TimeSpan.FromDays(days);
        }

        if (note.Length > 1024)
        {
            return await RenderAsync(context, caller, users, tokens, null, "The note is longer than 1024 characters.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        var (_, secret) = await tokens.CreateAsync(user, note, null, expiresIn, cancellationToken);
        return await RenderAsync(context, caller, users, tokens, secret, null, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> Revoke(HttpContext context, string id, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var user = await users.FindAsync(caller!.Name, cancellationToken);
        if (user is not null && ApiTokenService.TryParsePublicId(id, out var tokenId))
        {
            await tokens.DeleteAsync(user.Id, tokenId, cancellationToken);
        }

        return Results.Redirect("/hub/token");
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context, Security.HubCaller caller, UserService users, ApiTokenService tokens, string? newSecret, string? error, int status,
        CancellationToken cancellationToken)
    {
        var xsrf = XsrfField(context);
        var rows = new StringBuilder();
        if (await users.FindAsync(caller.Name, cancellationToken) is { } user)
        {
            foreach (var token in await tokens.ListAsync(user.Id, cancellationToken))
            {
                var id = E(ApiTokenService.PublicId(token));
                rows.Append($"""
                    <tr data-token="{id}"><td>{id}</td><td>{E(token.Prefix)}…</td><td>{E(token.Note)}</td><td>{E(token.CreatedAt.ToString("u"))}</td>
                    <td>{E(token.ExpiresAt?.ToString("u") ?? "never")}</td><td>{E(token.LastUsed?.ToString("u") ?? "never")}</td>
                    <td><form class="inline" method="post" action="/hub/token/{id}/revoke">{xsrf}<button>Revoke</button></form></td></tr>
                    """);
            }
        }

        var body = $"""
            <h1>API tokens</h1>
            {(error is null ? "" : $"<p class=\"error\">{E(error)}</p>")}
            {(newSecret is null ? "" : $"<p class=\"notice\">Your new token (copy it now, it is not shown again): <code id=\"new-token\">{E(newSecret)}</code></p>")}
            <form method="post" action="/hub/token">{xsrf}
              <label>Note <input name="note" maxlength="1024"></label>
              <label>Expires in days (empty: never) <input name="expires_in_days" type="number" min="1" max="{MaxExpiryDays}"></label>
              <button type="submit">Request new API token</button>
            </form>
            <h2>Your tokens</h2>
            <table><thead><tr><th>Id</th><th>Prefix</th><th>Note</th><th>Created</th><th>Expires</th><th>Last used</th><th></th></tr></thead><tbody>{rows}</tbody></table>
            """;
        return Page(context, "Tokens", body, caller, status);
    }
}
