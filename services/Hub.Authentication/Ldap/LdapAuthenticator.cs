using System.DirectoryServices.Protocols;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Logs users in against LDAP: validates the name before any LDAP traffic, binds as the user (by DN template or
/// search-then-bind), then reads uidNumber, gidNumber and the posixGroups with their gidNumbers, with the user's
/// own rights. Wrong password and unknown user give the same failure.
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
            var code = e is LdapException ldap ? ldap.ErrorCode : (int)((e as DirectoryOperationException)?.Response?.ResultCode ?? 0);
            LdapAuthenticatorLog.DirectoryFailed(logger, name, code, e.Message);
            return AuthenticationResult.Fail(AuthenticationFailure.Unavailable);
        }
    }

    private AuthenticationResult Authenticate(string name, string password, LdapAuthenticationOptions options, CancellationToken cancellationToken)
    {
        using var connection = LdapConnections.Open(options);
        var userDn = options.LookupDn
            ? LookUpUserDn(connection, name, options)
            : options.EffectiveBindDnTemplate!.Replace("{username}", LdapEscaping.DnValue(name), StringComparison.Ordinal);
        cancellationToken.ThrowIfCancellationRequested();
        if (userDn is null)
        {
            LdapAuthenticatorLog.InvalidCredentials(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidCredentials);
        }

        try
        {
            LdapConnections.Bind(connection, userDn, password);
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode)
        {
            LdapAuthenticatorLog.InvalidCredentials(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidCredentials);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var entry = ReadUser(connection, userDn, options);
        // The bound entry must be the user who typed the name: a template or filter that lands elsewhere is refused.
        if (entry is null || !HasValue(entry, options.UsernameAttribute, name))
        {
            LdapAuthenticatorLog.InvalidCredentials(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidCredentials);
        }

        if (ReadId(entry, options.UidNumberAttribute, options.MinimumId) is not { } uid)
        {
            LdapAuthenticatorLog.InvalidId(logger, name, options.UidNumberAttribute, options.MinimumId);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidAccount);
        }

        if (ReadId(entry, options.GidNumberAttribute, options.MinimumId) is not { } gid)
        {
            LdapAuthenticatorLog.InvalidId(logger, name, options.GidNumberAttribute, options.MinimumId);
            return AuthenticationResult.Fail(AuthenticationFailure.InvalidAccount);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var groups = ReadGroups(connection, name, gid, options);
        if (options.AllowedGroups.Count > 0 && !groups.Any(g => IsListed(g, options.AllowedGroups)))
        {
            LdapAuthenticatorLog.NotAllowed(logger, name);
            return AuthenticationResult.Fail(AuthenticationFailure.NotAllowed);
        }

        var admin = groups.Any(g => IsListed(g, options.AdminGroups));
        var userGroups = groups.Select(g => g.Group).ToList();
        // The primary group always belongs to the identity, named after the user when the directory has no entry for it.
        if (!userGroups.Any(g => g.Gid == gid))
        {
            userGroups.Add(new UserGroup(name, gid));
        }

        userGroups.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        LdapAuthenticatorLog.Succeeded(logger, name, uid, gid, userGroups.Count, admin);
        return AuthenticationResult.Success(new AuthenticatedUser(name, uid, gid, userGroups, admin));
    }

    /// <summary>Search-then-bind: the DN of the one entry matching the filter, or null when there is none or more than one.</summary>
    private string? LookUpUserDn(LdapConnection connection, string name, LdapAuthenticationOptions options)
    {
        if (!string.IsNullOrEmpty(options.SearchBindDn))
        {
            LdapConnections.Bind(connection, options.SearchBindDn, options.SearchBindPassword!);
        }

        var filter = options.UserSearchFilter.Replace("{username}", LdapEscaping.FilterValue(name), StringComparison.Ordinal);
        var request = new SearchRequest(options.EffectiveUserSearchBase, filter, SearchScope.Subtree, "1.1") { SizeLimit = 2 };
        var entries = Search(connection, request, options);
        if (entries.Count != 1)
        {
            if (entries.Count > 1)
            {
                LdapAuthenticatorLog.AmbiguousUser(logger, name, entries.Count);
            }

            return null;
        }

        return entries[0].DistinguishedName;
    }

    private static SearchResultEntry? ReadUser(LdapConnection connection, string userDn, LdapAuthenticationOptions options)
    {
        var request = new SearchRequest(
            userDn, "(objectClass=*)", SearchScope.Base, options.UsernameAttribute, options.UidNumberAttribute, options.GidNumberAttribute);
        var entries = Search(connection, request, options);
        return entries.Count == 1 ? entries[0] : null;
    }

    private List<(UserGroup Group, string Dn)> ReadGroups(LdapConnection connection, string name, int gid, LdapAuthenticationOptions options)
    {
        var filter = options.GroupSearchFilter
            .Replace("{username}", LdapEscaping.FilterValue(name), StringComparison.Ordinal)
            .Replace("{gidNumber}", gid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var request = new SearchRequest(
            options.EffectiveGroupSearchBase, filter, SearchScope.Subtree, options.GroupNameAttribute, options.GidNumberAttribute);
        var groups = new List<(UserGroup, string)>();
        foreach (var entry in Search(connection, request, options))
        {
            var groupName = FirstValue(entry, options.GroupNameAttribute) ?? entry.DistinguishedName;
            if (ReadId(entry, options.GidNumberAttribute, options.MinimumId) is { } groupGid)
            {
                groups.Add((new UserGroup(groupName, groupGid), entry.DistinguishedName));
            }
            else
            {
                // A group such as root (gid 0) must not reach the spawner as a supplementary group.
                LdapAuthenticatorLog.GroupIgnored(logger, groupName, name, options.MinimumId);
            }
        }

        return groups;
    }

    /// <summary>A search; "no such object" (a base that does not exist, or is hidden by ACLs) is an empty answer.</summary>
    private static List<SearchResultEntry> Search(LdapConnection connection, SearchRequest request, LdapAuthenticationOptions options)
    {
        request.TimeLimit = options.OperationTimeout;
        try
        {
            var response = (SearchResponse)connection.SendRequest(request, options.OperationTimeout);
            return response.Entries.Cast<SearchResultEntry>().ToList();
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            return [];
        }
        catch (DirectoryOperationException e) when (e.Response is SearchResponse { ResultCode: ResultCode.SizeLimitExceeded } partial)
        {
            // More entries than the size limit: what came is enough to see the answer is ambiguous.
            return partial.Entries.Cast<SearchResultEntry>().ToList();
        }
    }

    /// <summary>A group matches a configured name by its cn, or by its whole DN.</summary>
    private static bool IsListed((UserGroup Group, string Dn) group, List<string> configured) =>
        configured.Any(c => c is { Length: > 0 } && string.Equals(c, group.Group.Name, StringComparison.OrdinalIgnoreCase)
                            || string.Equals(NormalizeDn(c), NormalizeDn(group.Dn), StringComparison.OrdinalIgnoreCase));

    private static string NormalizeDn(string dn) =>
        string.Join(',', dn.Split(',').Select(part => part.Trim()));

    private static int? ReadId(SearchResultEntry entry, string attribute, int minimum) =>
        int.TryParse(FirstValue(entry, attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= minimum ? id : null;

    private static bool HasValue(SearchResultEntry entry, string attribute, string value) =>
        entry.Attributes[attribute] is { } values
        && values.GetValues(typeof(string)).Cast<string>().Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    private static string? FirstValue(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().FirstOrDefault() : null;
}
