namespace Lakehouse.Hub.Security;

/// <summary>
/// Roles from configuration, as JupyterHub's <c>load_roles</c> (section <c>Authorization</c>):
/// <c>Authorization:Roles:{role}:Groups:0=team</c> gives a built-in or custom role to a hub group's members,
/// <c>…:Users:0=alice</c> to a user, and <c>…:Scopes:0=read:metrics</c> defines a custom role's scopes.
/// </summary>
public sealed class AuthorizationOptions
{
    public const string SectionName = "Authorization";

    public Dictionary<string, RoleDefinition> Roles { get; set; } = new(StringComparer.Ordinal);
}

public sealed class RoleDefinition
{
    /// <summary>For custom roles only; the built-in roles' scopes are fixed.</summary>
    public List<string> Scopes { get; set; } = [];

    public List<string> Users { get; set; } = [];

    public List<string> Groups { get; set; } = [];
}
