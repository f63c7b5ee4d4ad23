using Lakehouse.Hub.Apis.Models;
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
        var (user, refusal) = await OwnerAsync(context, name, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var list = await tokens.ListAsync(user!.Id, cancellationToken);
        return Results.Json(new { api_tokens = list.Select(t => TokenModel.From(t, user.Name)).ToList() });
    }

    private static async Task<IResult> CreateToken(
        HttpContext context, string name, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (request, invalid) = await ApiResults.ReadOptionalBodyAsync<CreateTokenRequest>(context, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request?.ExpiresIn is { } seconds && (seconds <= 0 || seconds > MaxExpiresInSeconds))
        {
            return ApiResults.Error(400, $"expires_in must be between 1 and {MaxExpiresInSeconds} seconds.");
        }

        if (request?.Scopes is { } scopes && scopes.Any(s => s != ApiTokenService.DefaultScope))
        {
            return ApiResults.Error(400, $"Only the '{ApiTokenService.DefaultScope}' scope is supported: a token acts with its owner's permissions.");
        }

        if (request?.Note is { Length: > 1024 })
        {
            return ApiResults.Error(400, "note is longer than 1024 characters.");
        }

        var (token, secret) = await tokens.CreateAsync(
            user!, request?.Note, request?.Scopes, request?.ExpiresIn is { } e ? TimeSpan.FromSeconds(e) : null, cancellationToken);
        return Results.Json(TokenModel.From(token, user!.Name, secret), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetToken(
        HttpContext context, string name, string id, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var token = ApiTokenService.TryParsePublicId(id, out var tokenId) ? await tokens.FindAsync(user!.Id, tokenId, cancellationToken) : null;
        return token is null ? ApiResults.NotFound($"Token {id}") : Results.Json(TokenModel.From(token, user!.Name));
    }

    private static async Task<IResult> DeleteToken(
        HttpContext context, string name, string id, UserService users, ApiTokenService tokens, CancellationToken cancellationToken)
    {
        var (user, refusal) = await OwnerAsync(context, name, users, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var deleted = ApiTokenService.TryParsePublicId(id, out var tokenId) && await tokens.DeleteAsync(user!.Id, tokenId, cancellationToken);
        return deleted ? Results.NoContent() : ApiResults.NotFound($"Token {id}");
    }

    private static async Task<(Data.User? User, IResult? Refusal)> OwnerAsync(
        HttpContext context, string name, UserService users, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return (null, error);
        }

        if (!ApiResults.Caller(context).MayActOn(userName))
        {
            return (null, ApiResults.Forbidden());
        }

        var user = await users.FindAsync(userName, cancellationToken);
        return user is null ? (null, ApiResults.NotFound($"User {userName}")) : (user, null);
    }
}
