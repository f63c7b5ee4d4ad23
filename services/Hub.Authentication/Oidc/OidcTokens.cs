namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// The tokens of a login (JupyterHub's auth state): kept encrypted in the hub database, used to refresh, to log out
/// at the provider (<c>id_token_hint</c>) and, when the operator allows it, handed to the user's server.
/// </summary>
public sealed record OidcTokens(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset? AccessTokenExpiresAt)
{
    public bool IsStale(DateTimeOffset now, TimeSpan margin) => AccessTokenExpiresAt is { } expires && expires - margin <= now;
}
