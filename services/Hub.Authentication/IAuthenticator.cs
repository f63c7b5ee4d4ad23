namespace Lakehouse.Hub.Authentication;

/// <summary>
/// Checks a login name and password against an identity source and says who the user is. LDAP is the first
/// implementation; OIDC comes with its own flow but produces the same <see cref="AuthenticatedUser"/>.
/// </summary>
public interface IAuthenticator
{
    /// <param name="username">As typed: it is normalized (lowercased) and validated before anything else.</param>
    /// <param name="password">Never logged and never kept.</param>
    Task<AuthenticationResult> AuthenticateAsync(string username, string password, CancellationToken cancellationToken);
}
