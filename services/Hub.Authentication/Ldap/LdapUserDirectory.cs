using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Looks users up in LDAP by name with the service account (<c>SearchBindDn</c>), or anonymously without one, and
/// reads their identity exactly as a login does: the same ids, groups, allowed and admin groups, collision rule.
/// </summary>
public sealed class LdapUserDirectory(IOptionsMonitor<LdapAuthenticationOptions> options, ILogger<LdapUserDirectory> logger) : IUserDirectory
{
    public async Task<UserLookupResult> FindAsync(string username, CancellationToken cancellationToken)
    {
        if (!Username.TryNormalize(username, out var name, out var reason))
        {
            return UserLookupResult.Fail(UserLookupFailure.NotFound, $"Invalid username: {reason}.");
        }

        var current = options.CurrentValue;
        try
        {
            // Synchronous LDAP calls, bounded by the configured timeouts.
            return await Task.Run(() => Find(name, current, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is LdapException or DirectoryException)
        {
            LdapAuthenticatorLog.LookupFailed(logger, name, LdapConnections.ErrorCode(e), e.Message);
            return UserLookupResult.Fail(UserLookupFailure.Unavailable, $"The directory could not be asked about {name}; try again later.");
        }
    }

    private UserLookupResult Find(string name, LdapAuthenticationOptions options, CancellationToken cancellationToken)
    {
        using var connection = LdapConnections.Open(options);
        LdapConnections.BindServiceAccount(connection, options);
        var reader = new LdapDirectoryReader(options, logger);
        var dns = reader.FindUserDns(connection, name);
        cancellationToken.ThrowIfCancellationRequested();
        if (dns.Count > 1)
        {
            LdapAuthenticatorLog.NameCollision(logger, name);
            return Refused(IdentityProblem.NameCollision, name);
        }

        var (user, problem) = dns.Count == 1 ? reader.ReadIdentity(connection, dns[0], name) : (null, null);
        if (problem is { } refused)
        {
            return Refused(refused, name);
        }

        if (user is null)
        {
            LdapAuthenticatorLog.LookupNotFound(logger, name);
            return UserLookupResult.Fail(UserLookupFailure.NotFound, $"{name} is not in the directory, so there is no user or group id to run a server as.");
        }

        LdapAuthenticatorLog.LookupSucceeded(logger, name, user.Uid, user.Gid, user.Groups.Count, user.Admin);
        return UserLookupResult.Success(user);
    }

    private static UserLookupResult Refused(IdentityProblem problem, string name) =>
        UserLookupResult.Fail(UserLookupFailure.Refused, LdapDirectoryReader.MessageFor(problem, name));
}
