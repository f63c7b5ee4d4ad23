namespace Lakehouse.Hub.Security;

/// <summary>JupyterHub's default roles, restricted to the scopes this hub implements.</summary>
public static class HubRoles
{
    public const string User = "user";
    public const string Admin = "admin";
    public const string Server = "server";
    public const string Token = "token";

    /// <summary>
    /// <c>user</c>: everything on one's own objects (JupyterHub's <c>self</c>) except changing one's user model.
    /// <c>admin</c>: everything on everyone. <c>server</c>: what a single-user server's own token needs.
    /// <c>token</c>: the owner's permissions.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltIn = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [User] = ["read:users!user", "users:activity!user", "servers!user", "access:servers!user", "tokens!user"],
        [Admin] = [Scopes.AdminUi, Scopes.AdminUsers, Scopes.AdminServers, Scopes.Tokens, Scopes.AdminGroups, Scopes.AccessServers, Scopes.ReadMetrics, Scopes.ReadHub],
        [Server] = ["users:activity!user", "access:servers!user"],
        [Token] = [Scopes.Inherit],
    };
}
