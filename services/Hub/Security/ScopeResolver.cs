using Lakehouse.Hub.Data;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>
/// A user's roles (always <c>user</c>; <c>admin</c> for admins; configured roles by name or hub group) and the
/// scopes they add up to, with <c>!user</c> bound to the user.
/// </summary>
public sealed class ScopeResolver(IOptionsMonitor<AuthorizationOptions> options)
{
    // The built-in roles' lists, shared: a listing asks for the roles of every user on its page.
    private static readonly IReadOnlyList<string> UserRoles = [HubRoles.User];
    private static readonly IReadOnlyList<string> AdminRoles = [HubRoles.Admin, HubRoles.User];

    /// <summary>The user's roles; <paramref name="groups"/> (the user's hub groups) are read from the user when not given.</summary>
    public IReadOnlyList<string> RolesOf(User user, IReadOnlyCollection<string>? groups = null)
    {
        var builtIn = user.Admin ? AdminRoles : UserRoles;
        SortedSet<string>? roles = null;
        foreach (var (role, definition) in options.CurrentValue.Roles)
        {
            if (definition.Users.Contains(user.Name, StringComparer.Ordinal)
                || (definition.Groups.Count > 0 && definition.Groups.Any((groups ??= GroupsOf(user)).Contains)))
            {
                (roles ??= new SortedSet<string>(builtIn, StringComparer.Ordinal)).Add(role);
            }
        }

        return roles is null ? builtIn : [.. roles];
    }

    public ScopeSet ScopesOf(User user) => ScopesOf(user.Name, RolesOf(user));

    /// <summary>
    /// What a request may do: a session, all its user's scopes; a token, its own scopes intersected with its owner's
    /// current ones (so a token loses what its owner loses). The owner's roles and groups are given, computed once.
    /// </summary>
    public ScopeSet EffectiveScopes(string owner, IReadOnlyList<string> roles, IReadOnlyCollection<string> groups, ApiToken? token)
    {
        var scopes = ScopesOf(owner, roles);
        return token is not null && TokenScopes(token, owner) is { } own ? own.Intersect(scopes, owner, groups) : scopes;
    }

    private ScopeSet ScopesOf(string user, IReadOnlyList<string> roles) =>
        new(roles.SelectMany(ScopesOfRole).Select(g => g.ResolveOwner(user)));

    /// <summary>A token's own scopes (<c>inherit</c>: null, its owner's), before intersecting with the owner's.</summary>
    private static ScopeSet? TokenScopes(ApiToken token, string owner)
    {
        var names = token.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0 || names.Contains(Scopes.Inherit))
        {
            return null;
        }

        // Scopes were checked at creation; one no longer known grants nothing.
        return new ScopeSet(names.Select(n => ScopeGrant.TryParse(n, out var g, out _) ? g.ResolveOwner(owner) : null).OfType<ScopeGrant>());
    }

    public static IReadOnlyCollection<string> GroupsOf(User user) =>
        user.Memberships.Select(m => m.Group.Name).ToHashSet(StringComparer.Ordinal);

    private IEnumerable<ScopeGrant> ScopesOfRole(string role)
    {
        var names = HubRoles.BuiltIn.TryGetValue(role, out var builtIn)
            ? builtIn
            : options.CurrentValue.Roles.GetValueOrDefault(role)?.Scopes ?? [];
        foreach (var name in names)
        {
            if (ScopeGrant.TryParse(name, out var grant, out _))
            {
                yield return grant;
            }
        }
    }
}
