using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Logs users in against LDAP: validates the name before any LDAP traffic, binds as the user (by DN template or
/// search-then-bind), then reads uidNumber, gidNumber and the posixGroups with their gidNumbers, with the user's
/// own rights. Wrong password and unknown user give the same failure; a name two entries share is refused.
/// </summary>
public sealed class LdapAuthenticator(IOptionsMonitor<LdapAuthenticationOptions> options, ILogger<LdapAuthenticator> logger) : IAuthenticator
{
    /// <summary>LDAP result code 49: invalidCredentials (wrong password, or no such DN).</summary>
    private const int InvalidCredentialsCode = 49;

    public async Task<AuthenticationResult> AuthenticateAsync(string username, string password, CancellationToken cancellationToken)
    {
        if (!Username.TryNormalize(username, out var name, out var reason))
        {
            LdapAuthenticatorLog.InvalidUsername(logger, reason!);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidUsername, $"Invalid username: {reason}.");
        }

        if (string.IsNullOrEmpty(password))
        {
            LdapAuthenticatorLog.EmptyPassword(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.EmptyPassword);
        }

        var current = options.CurrentValue;
        try
        {
            // System.DirectoryServices.Protocols binds synchronously; the configured timeouts bound the blocked thread.
            return await Task.Run(() => Authenticate(name, password, current, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is LdapException or DirectoryException)
        {
            LdapAuthenticatorLog.DirectoryFailed(logger, name, LdapConnections.ErrorCode(e), e.Message);
            return AuthenticationResult.Fail(AuthenticationFailure.Unavailable);
        }
    }

    private AuthenticationResult Authenticate(string name, string password, LdapAuthenticationOptions options, CancellationToken cancellationToken)
    {
        using var connection = LdapConnections.Open(options);
        var reader = new LdapDirectoryReader(options, logger);
        var candidates = options.LookupDn
            ? LookUpUserDns(connection, reader, name, options)
            : [options.EffectiveBindDnTemplate!.Replace("{username}", LdapEscaping.DnValue(name), StringComparison.Ordinal)];
        cancellationToken.ThrowIfCancellationRequested();

        // With colliding entries the password decides which one is bound; the collision is said only after a right one.
        var userDn = candidates.FirstOrDefault(dn => TryBind(connection, dn, password));
        if (userDn is null)
        {
            LdapAuthenticatorLog.InvalidCredentials(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidCredentials);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (user, problem) = reader.ReadIdentity(connection, userDn, name);
        switch (problem)
        {
            case null when user is null:
                LdapAuthenticatorLog.InvalidCredentials(logger, name);
                return AuthenticationResult.Fail(AuthenticationFailure.InvalidCredentials);
            case IdentityProblem.InvalidAccount:
                return AuthenticationResult.Fail(AuthenticationFailure.InvalidAccount);
            case IdentityProblem.NotAllowed:
                return AuthenticationResult.Fail(AuthenticationFailure.NotAllowed);
            case IdentityProblem.NameCollision:
                return AuthenticationResult.Fail(AuthenticationFailure.NameCollision, LdapDirectoryReader.MessageFor(IdentityProblem.NameCollision, name));
        }

        LdapAuthenticatorLog.Succeeded(logger, name, user!.Uid, user.Gid, user.Groups.Count, user.Admin);
        return AuthenticationResult.Success(user);
    }

    /// <summary>Search-then-bind: the entries named so, found with the service account (or anonymously).</summary>
    private static List<string> LookUpUserDns(LdapConnection connection, LdapDirectoryReader reader, string name, LdapAuthenticationOptions options)
    {
        LdapConnections.BindServiceAccount(connection, options);
        return reader.FindUserDns(connection, name);
    }

    private static bool TryBind(LdapConnection connection, string dn, string password)
    {
        try
        {
            LdapConnections.Bind(connection, dn, password);
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode)
        {
            return false;
        }
    }
}
