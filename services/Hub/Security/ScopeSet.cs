namespace Lakehouse.Hub.Security;

/// <summary>
/// What a caller may do: expanded grants (a broad scope brings the narrower ones it includes), with filters bound
/// to names. A request needs a scope on an object (a user, their server, their tokens).
/// </summary>
public sealed class ScopeSet
{
    private readonly ScopeGrant[] _grants;

    public ScopeSet(IEnumerable<ScopeGrant> grants)
    {
        _grants = grants
            .SelectMany(g => Scopes.Expand(g.Scope).Select(s => g with { Scope = s }))
            .Distinct()
            .ToArray();
    }

    public IReadOnlyList<ScopeGrant> Grants => _grants;

    /// <summary>Every scope on every object (the operator's token).</summary>
    public static ScopeSet All { get; } = new(Scopes.Known.Select(s => new ScopeGrant(s)));

    /// <summary>The scope on every object, not only filtered ones (needed for listings and hub-wide actions).</summary>
    public bool HasUnfiltered(string scope) => _grants.Any(g => g.Scope == scope && g.FilterKind == ScopeFilterKind.None);

    /// <summary>Whether any grant of the scope has a group filter: then the object's groups must be known to decide.</summary>
    public bool NeedsGroups(string scope) => _grants.Any(g => g.Scope == scope && g.FilterKind == ScopeFilterKind.Group);

    public bool Allows(string scope, string user, IReadOnlyCollection<string> groups) =>
        _grants.Any(g => g.Scope == scope && g.Reaches(user, groups));

    /// <summary>The scope on a group object: unfiltered, or filtered to that group.</summary>
    public bool AllowsGroup(string scope, string group) =>
        _grants.Any(g => g.Scope == scope && (g.FilterKind == ScopeFilterKind.None || (g.FilterKind == ScopeFilterKind.Group && g.FilterValue == group)));

    /// <summary>
    /// Whether <paramref name="wanted"/> asks for nothing beyond this set: some grant includes its scope and reaches at
    /// least as far (unfiltered, the same filter, or a group that <paramref name="owner"/> is in for an owner filter).
    /// </summary>
    public bool Covers(ScopeGrant wanted, string owner, IReadOnlyCollection<string> ownerGroups) =>
        _grants.Any(g => g.Scope == wanted.Scope && (g.FilterKind == ScopeFilterKind.None
            || (g.FilterKind == wanted.FilterKind && g.FilterValue == wanted.FilterValue)
            || (g.FilterKind == ScopeFilterKind.Group && wanted.FilterKind == ScopeFilterKind.User
                && wanted.FilterValue == owner && ownerGroups.Contains(g.FilterValue!))));

    /// <summary>The grants both sets hold, as JupyterHub intersects a token's scopes with its owner's.</summary>
    public ScopeSet Intersect(ScopeSet owner, string ownerName, IReadOnlyCollection<string> ownerGroups) =>
        new(_grants.Where(g => owner.Covers(g, ownerName, ownerGroups)));

    /// <summary>Scope strings, sorted, as the API reports them.</summary>
    public IReadOnlyList<string> Names => _grants.Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
}
