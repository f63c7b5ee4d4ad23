using System.DirectoryServices.Protocols;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// What the login and the user directory read the same way from a connection that is already bound (as the user or
/// as the service account): the entries a name matches, and the POSIX identity of one entry with its groups.
/// </summary>
internal sealed class LdapDirectoryReader(LdapAuthenticationOptions options, ILogger logger)
{
    /// <summary>More entries than this for one name are not read: two already make the name ambiguous.</summary>
    private const int CandidateLimit = 10;

    /// <summary>
    /// The DNs of the entries in the user search base whose username attribute is <paramref name="name"/>, compared
    /// ignoring case: <c>Carol</c> and <c>carol</c> both normalize to <c>carol</c>, so both are returned.
    /// </summary>
    public List<string> FindUserDns(LdapConnection connection, string name)
    {
        var filter = options.UserSearchFilter.Replace("{username}", LdapEscaping.FilterValue(name), StringComparison.Ordinal);
        var request = new SearchRequest(options.EffectiveUserSearchBase, filter, SearchScope.Subtree, options.UsernameAttribute)
        {
            SizeLimit = CandidateLimit,
        };
        // The directory's matching rule decides what the filter returns; the platform's rule (lowercase) decides what collides.
        return Search(connection, request)
            .Where(entry => HasValue(entry, options.UsernameAttribute, name))
            .Select(entry => entry.DistinguishedName)
            .ToList();
    }

    /// <summary>The identity of the entry at <paramref name="userDn"/>, or null when it is not the entry of <paramref name="name"/>.</summary>
    public (AuthenticatedUser? User, IdentityProblem? Problem) ReadIdentity(LdapConnection connection, string userDn, string name)
    {
        var request = new SearchRequest(
            userDn, "(objectClass=*)", SearchScope.Base, options.UsernameAttribute, options.UidNumberAttribute, options.GidNumberAttribute);
        var entries = Search(connection, request);
        // The entry must be the user who was named: a template or filter that lands elsewhere gives nobody.
        if (entries.Count != 1 || !HasValue(entries[0], options.UsernameAttribute, name))
        {
            return (null, null);
        }

        // Never merged: a second entry with the same lowercased name could be another person with other ids.
        if (FindUserDns(connection, name).Count > 1)
        {
            LdapAuthenticatorLog.NameCollision(logger, name);
            return (null, IdentityProblem.NameCollision);
        }

        var entry = entries[0];
        if (ReadId(entry, options.UidNumberAttribute) is not { } uid)
        {
            LdapAuthenticatorLog.InvalidId(logger, name, options.UidNumberAttribute, options.MinimumId);
            return (null, IdentityProblem.InvalidAccount);
        }

        if (ReadId(entry, options.GidNumberAttribute) is not { } gid)
        {
            LdapAuthenticatorLog.InvalidId(logger, name, options.GidNumberAttribute, options.MinimumId);
            return (null, IdentityProblem.InvalidAccount);
        }

        var groups = ReadGroups(connection, name, gid);
        if (options.AllowedGroups.Count > 0 && !groups.Any(g => IsListed(g, options.AllowedGroups)))
        {
            LdapAuthenticatorLog.NotAllowed(logger, name);
            return (null, IdentityProblem.NotAllowed);
        }

        var admin = groups.Any(g => IsListed(g, options.AdminGroups));
        var userGroups = groups.Select(g => g.Group).ToList();
        // The primary group always belongs to the identity, named after the user when the directory has no entry for it.
        if (!userGroups.Any(g => g.Gid == gid))
        {
            userGroups.Add(new UserGroup(name, gid));
        }

        userGroups.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return (new AuthenticatedUser(name, uid, gid, userGroups, admin), null);
    }

    /// <summary>The message for a problem, naming the user: shown only to the user who proved their password, or to an admin.</summary>
    public static string MessageFor(IdentityProblem problem, string name) => problem switch
    {
        IdentityProblem.InvalidAccount => $"The directory entry of {name} has no valid user or group id; ask an administrator.",
        IdentityProblem.NotAllowed => $"{name} is in none of the groups allowed to use this hub.",
        IdentityProblem.NameCollision =>
            $"More than one directory entry is named {name} once lowercased; they are never merged, so {name} is refused until an administrator renames one.",
        _ => $"{name} cannot use this hub.",
    };

    private List<(UserGroup Group, string Dn)> ReadGroups(LdapConnection connection, string name, int gid)
    {
        var filter = options.GroupSearchFilter
            .Replace("{username}", LdapEscaping.FilterValue(name), StringComparison.Ordinal)
            .Replace("{gidNumber}", gid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var request = new SearchRequest(
            options.EffectiveGroupSearchBase, filter, SearchScope.Subtree, options.GroupNameAttribute, options.GidNumberAttribute);
        var groups = new List<(UserGroup, string)>();
        foreach (var entry in Search(connection, request))
        {
            var groupName = FirstValue(entry, options.GroupNameAttribute) ?? entry.DistinguishedName;
            if (ReadId(entry, options.GidNumberAttribute) is { } groupGid)
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
    private List<SearchResultEntry> Search(LdapConnection connection, SearchRequest request)
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

    private int? ReadId(SearchResultEntry entry, string attribute) =>
        int.TryParse(FirstValue(entry, attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= options.MinimumId ? id : null;

    private static bool HasValue(SearchResultEntry entry, string attribute, string value) =>
        entry.Attributes[attribute] is { } values
        && values.GetValues(typeof(string)).Cast<string>().Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));

    private static string? FirstValue(SearchResultEntry entry, string attribute) =>
        entry.Attributes[attribute] is { Count: > 0 } values ? values.GetValues(typeof(string)).Cast<string>().FirstOrDefault() : null;
}
