using Lakehouse.Hub.Data;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Security;

/// <summary>
/// Who made a request, as <see cref="CallerResolver"/> found it: their roles, and the scopes the request carries (a
/// session's are its user's; a token's are its own intersected with its owner's current ones).
/// </summary>
public sealed record HubCaller(
    string Name, bool IsService, bool ViaCookie, bool Admin, IReadOnlyList<string> Roles, ScopeSet Scopes, IReadOnlyCollection<string> Groups)
{
    /// <summary>The operator's token: every scope on everything.</summary>
    public static HubCaller Operator { get; } = new(HubClaims.OperatorName, IsService: true, ViaCookie: false, Admin: true, [HubRoles.Admin], ScopeSet.All, []);

    /// <summary>The caller of an authenticated request, or null when it is anonymous.</summary>
    public static HubCaller? From(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true } ? context.Features.Get<HubCaller>() : null;

    /// <summary>The scope on every user's objects (hub-wide actions, listings, admin pages).</summary>
    public bool Has(string scope) => Scopes.HasUnfiltered(scope);

    /// <summary>The scope on one user's objects; <paramref name="groups"/> are that user's hub groups.</summary>
    public bool Allows(string scope, string user, IReadOnlyCollection<string> groups) => Scopes.Allows(scope, user, groups);

    /// <summary>
    /// The scope on the objects of <paramref name="user"/>, already read as <paramref name="target"/> (null when there
    /// is no such user): its groups count only where a group filter could decide.
    /// </summary>
    public bool Allows(string scope, string user, User? target) =>
        Allows(scope, user, target is not null && Scopes.NeedsGroups(scope) ? ScopeResolver.GroupsOf(target) : []);

    /// <summary>The scope on the objects of <paramref name="user"/>, who is read only when a group filter could decide.</summary>
    public async Task<bool> AllowsAsync(string scope, string user, UserService users, CancellationToken cancellationToken) =>
        Allows(scope, user, Scopes.NeedsGroups(scope) ? await users.FindAsync(user, cancellationToken) : null);

    /// <summary>
    /// For pages, which know only a name: the scope on that user's objects, with group filters judged by the
    /// caller's own groups when the user is the caller (the API looks the user's groups up instead).
    /// </summary>
    public bool Allows(string scope, string user) => Scopes.Allows(scope, user, user == Name ? Groups : []);
}
