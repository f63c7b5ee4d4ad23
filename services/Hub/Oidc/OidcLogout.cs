using Lakehouse.Hub.Authentication.Oidc;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Oidc;

/// <summary>
/// Ends the provider's session too (RP-initiated logout): the browser goes to its end_session_endpoint with
/// <c>id_token_hint</c> and <c>post_logout_redirect_uri</c>, as Keycloak expects; the stored tokens are dropped.
/// </summary>
public sealed class OidcLogout(OidcAuthenticator authenticator, AuthStateStore authStates, UserService users, IOptions<OidcOptions> options)
{
    /// <summary>Where to send the browser after the hub's own session is gone.</summary>
    public async Task<string> RedirectAsync(HttpContext context, string? userName, CancellationToken cancellationToken)
    {
        string? idToken = null;
        if (userName is not null && await users.FindAsync(userName, cancellationToken) is { } user)
        {
            idToken = (await authStates.LoadAsync(user, cancellationToken))?.IdToken;
            await authStates.DeleteAsync(user, cancellationToken);
        }

        var afterLogout = OidcLoginPages.PublicUrl(context, options.Value.PostLogoutRedirectUri, "/hub/login");
        return await authenticator.EndSessionUrlAsync(idToken, afterLogout, cancellationToken) ?? "/hub/login";
    }
}
