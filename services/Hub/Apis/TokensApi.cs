using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

/// <summary><c>/hub/api/users/{name}/tokens</c>: the secret is in the creation answer only.</summary>
public static class TokensApi
{
    /// <summary>Ten years: a longer expiry is a mistake or an overflow.</summary>
    private const long MaxExpiresInSeconds = 10L * 366 * 24 * 3600;

    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{name}/tokens", ListTokens);
        api.MapPost("/users/{name}/tokens", CreateToken);
        api.MapGet("/users/{name}/tokens/{id}", GetToken);
        api.MapDelete("/users/{name}/tokens/{id}", DeleteToken);
        return api;
    }

    private static async Task<IResult> ListTokens(
        HttpContext context, string name, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, Scopes.ReadTokens, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var list = await tokens.ListAsync(user!.Id, cancellationToken);
        return Results.Json(new TokenListModel(list.Select(t => TokenModel.From(t, user.Name)).ToList()), HubJsonContext.Responses.TokenListModel);
    }

    private static async Task<IResult> CreateToken(
        HttpContext context, string name, UserService users, ApiTokenService tokens, ScopeResolver resolver, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, Scopes.Tokens, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (request, invalid) = await ApiResults.ReadOptionalBodyAsync(context, HubJsonContext.Default.CreateTokenRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request?.ExpiresIn is { } seconds && (seconds <= 0 || seconds > MaxExpiresInSeconds))
        {
            return ApiResults.Error(400, $"expires_in must be between 1 and {MaxExpiresInSeconds} seconds.");
        }

        if (TokenScopeCheck(context, user!, request?.Scopes, resolver) is { } scopeRefusal)
        {
            return scopeRefusal;
        }

        if (request?.Note is { Length: > 1024 })
        {
            return ApiResults.Error(400, "note is longer than 1024 characters.");
        }

        var (token, secret) = await tokens.CreateAsync(
            user!, request?.Note, request?.Scopes, request?.ExpiresIn is { } e ? TimeSpan.FromSeconds(e) : null, cancellationToken);
        return Results.Json(TokenModel.From(token, user!.Name, secret), HubJsonContext.Responses.TokenModel, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetToken(
        HttpContext context, string name, string id, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, Scopes.ReadTokens, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var token = ApiTokenService.TryParsePublicId(id, out var tokenId) ? await tokens.FindAsync(user!.Id, tokenId, cancellationToken) : null;
        return token is null ? ApiResults.NotFound($"Token {id}") : Results.Json(TokenModel.From(token, user!.Name), HubJsonContext.Responses.TokenModel);
    }

    private static async Task<IResult> DeleteToken(
        HttpContext context, string name, string id, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, Scopes.Tokens, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var deleted = ApiTokenService.TryParsePublicId(id, out var tokenId) && await tokens.DeleteAsync(user!.Id, tokenId, cancellationToken);
        return deleted ? Results.NoContent() : ApiResults.NotFound($"Token {id}");
    }

    /// <summary>
    /// As JupyterHub, a token carries no more than its owner holds, nor more than the request creating it: each
    /// requested scope must be covered by both (403 naming the excess otherwise). Unknown scopes are a 400.
    /// </summary>
    private static IResult? TokenScopeCheck(HttpContext context, Data.User owner, IReadOnlyList<string>? requested, ScopeResolver resolver)
    {
        if (requested is null || requested.Count == 0 || requested.All(s => s == Scopes.Inherit))
        {
            return null;
        }

        if (requested.Contains(Scopes.Inherit))
        {
            return ApiResults.Error(400, $"'{Scopes.Inherit}' means all of the owner's scopes; do not mix it with others.");
        }

        var ownerGroups = ScopeResolver.GroupsOf(owner);
        var ownerScopes = resolver.ScopesOf(owner);
        var caller = ApiResults.Caller(context);
        var excess = new List<string>();
        foreach (var text in requested)
        {
            if (!ScopeGrant.TryParse(text, out var grant, out var error))
            {
                return ApiResults.Error(400, error);
            }

            grant = grant.ResolveOwner(owner.Name);
            if (!new ScopeSet([grant]).Grants.All(g => ownerScopes.Covers(g, owner.Name, ownerGroups) && caller.Scopes.Covers(g, owner.Name, ownerGroups)))
            {
                excess.Add(text);
            }
        }

        return excess.Count == 0
            ? null
            : ApiResults.Forbidden($"A token cannot carry more than its owner has: {owner.Name} does not hold {string.Join(", ", excess)}.");
    }

    private static async Task<(Data.User? User, IResult? Refusal)> OwnerAsync(
        HttpContext context, string name, string scope, UserService users, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return (null, error);
        }

        if (await ApiResults.RefuseUnlessAsync(context, scope, userName, users, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }

        var user = await users.FindAsync(userName, cancellationToken);
        return user is null ? (null, ApiResults.NotFound($"User {userName}")) : (user, null);
    }
}
