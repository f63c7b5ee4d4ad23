namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// What the hub remembers between sending the browser to the provider and its return, kept in an encrypted cookie:
/// the random <c>state</c> the callback must echo, the <c>nonce</c> the ID token must carry, the PKCE verifier, the
/// redirect URI used, and where to go afterwards.
/// </summary>
public sealed record OidcLoginState(string State, string Nonce, string CodeVerifier, string RedirectUri, string Next, DateTimeOffset StartedAt);
