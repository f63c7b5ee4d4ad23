using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Hub.Security;

/// <summary>
/// One scope, optionally filtered to a user or a group as JupyterHub writes it: <c>servers</c>,
/// <c>servers!user=alice</c>, <c>servers!group=team</c>, or <c>servers!user</c> (the owner, resolved when granted).
/// </summary>
public sealed record ScopeGrant(string Scope, ScopeFilterKind FilterKind = ScopeFilterKind.None, string? FilterValue = null)
{
    /// <summary>Parses a scope string; the error says what is wrong with it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ScopeGrant? grant, [NotNullWhen(false)] out string? error)
    {
        grant = null;
        var bang = text.IndexOf('!');
        var scope = bang < 0 ? text : text[..bang];
        if (!Scopes.IsKnown(scope))
        {
            error = $"Unknown scope '{text}'. Known scopes: {string.Join(", ", Scopes.Known)}.";
            return false;
        }

        if (bang < 0)
        {
            grant = new ScopeGrant(scope);
            error = null;
            return true;
        }

        var filter = text[(bang + 1)..];
        var equals = filter.IndexOf('=');
        var kind = equals < 0 ? filter : filter[..equals];
        var value = equals < 0 ? null : filter[(equals + 1)..];
        var filterKind = kind switch
        {
            // One server per user here, so a server filter is its user's.
            "user" or "server" => ScopeFilterKind.User,
            "group" when value is not null => ScopeFilterKind.Group,
            _ => (ScopeFilterKind?)null,
        };
        if (filterKind is null || value is { Length: 0 } || (value is not null && value.Contains('/') && kind != "server"))
        {
            error = $"Unsupported filter in scope '{text}': use !user, !user=NAME or !group=NAME.";
            return false;
        }

        // "!server=alice/" names alice's (only) server.
        grant = new ScopeGrant(scope, filterKind.Value, value?.TrimEnd('/'));
        error = null;
        return true;
    }

    /// <summary>Binds <c>!user</c> (no name) to the given user.</summary>
    public ScopeGrant ResolveOwner(string owner) =>
        FilterKind == ScopeFilterKind.User && FilterValue is null ? this with { FilterValue = owner } : this;

    /// <summary>Whether this grant reaches an object of <paramref name="user"/> (a member of <paramref name="groups"/>).</summary>
    public bool Reaches(string user, IReadOnlyCollection<string> groups) => FilterKind switch
    {
        ScopeFilterKind.None => true,
        ScopeFilterKind.User => FilterValue == user,
        _ => FilterValue is not null && groups.Contains(FilterValue),
    };

    public override string ToString() => FilterKind switch
    {
        ScopeFilterKind.None => Scope,
        ScopeFilterKind.User => FilterValue is null ? $"{Scope}!user" : $"{Scope}!user={FilterValue}",
        _ => $"{Scope}!group={FilterValue}",
    };
}

public enum ScopeFilterKind
{
    None,
    User,
    Group,
}
