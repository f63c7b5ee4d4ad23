namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// LDAP login, from configuration <c>Authentication:Ldap</c>. Two ways to find a user's DN, as JupyterHub's
/// ldapauthenticator: a <see cref="BindDnTemplate"/> (bind straight as <c>uid=alice,ou=people,…</c>), or
/// <see cref="LookupDn"/> (search with a service account, then bind as the entry found).
/// Setting <see cref="BaseDn"/> alone gives the layout of the platform's own OpenLDAP.
/// </summary>
public sealed class LdapAuthenticationOptions
{
    public const string SectionName = "Authentication:Ldap";

    /// <summary><c>ldap://host:port</c> or <c>ldaps://host:port</c>. When not set, <c>ConnectionStrings:ldap</c>.</summary>
    public string? ServerUri { get; set; }

    /// <summary>
    /// The directory's suffix, e.g. <c>dc=lakehouse,dc=home</c>. Fills in what is not set: the bind template
    /// <c>uid={username},ou=people,{base}</c>, the user search base <c>ou=people,{base}</c> and the group search
    /// base <c>ou=groups,{base}</c>.
    /// </summary>
    public string? BaseDn { get; set; }

    /// <summary>The user's DN with <c>{username}</c> for the (DN-escaped) login name. Used unless <see cref="LookupDn"/>.</summary>
    public string? BindDnTemplate { get; set; }

    /// <summary>Find the user's DN by a search (with <see cref="SearchBindDn"/>, or anonymously) before binding as it.</summary>
    public bool LookupDn { get; set; }

    /// <summary>
    /// The service account that searches for users in <see cref="LookupDn"/> mode and looks users up for the hub
    /// without a password (<see cref="IUserDirectory"/>); anonymous when empty.
    /// </summary>
    public string? SearchBindDn { get; set; }

    public string? SearchBindPassword { get; set; }

    /// <summary>Where users are searched: by <see cref="LookupDn"/>, by the user directory, and for name collisions.</summary>
    public string? UserSearchBase { get; set; }

    /// <summary>
    /// With <c>{username}</c> for the (filter-escaped) login name. Every entry it returns whose
    /// <see cref="UsernameAttribute"/> equals the name ignoring case is that user: two of them are a collision.
    /// </summary>
    public string UserSearchFilter { get; set; } = "(&(objectClass=posixAccount)(uid={username}))";

    public string UsernameAttribute { get; set; } = "uid";

    public string UidNumberAttribute { get; set; } = "uidNumber";

    public string GidNumberAttribute { get; set; } = "gidNumber";

    public string? GroupSearchBase { get; set; }

    /// <summary>
    /// With <c>{username}</c> and <c>{gidNumber}</c>: the groups listing the user in <c>memberUid</c>, and the
    /// user's primary group.
    /// </summary>
    public string GroupSearchFilter { get; set; } = "(&(objectClass=posixGroup)(|(memberUid={username})(gidNumber={gidNumber})))";

    public string GroupNameAttribute { get; set; } = "cn";

    /// <summary>Members of any of these groups (by cn or by DN) are hub admins.</summary>
    public List<string> AdminGroups { get; set; } = [];

    /// <summary>When not empty, only members of these groups (by cn or by DN) may log in.</summary>
    public List<string> AllowedGroups { get; set; } = [];

    /// <summary>uid and gid numbers below this are refused (the user's) or ignored (a group's): a login must never map to root or a system account.</summary>
    public int MinimumId { get; set; } = 1000;

    /// <summary>Upgrade the connection with StartTLS before any bind.</summary>
    public bool UseStartTls { get; set; }

    /// <summary>
    /// The PEM file of the CA that signed the directory's certificate, for ldaps:// and StartTLS; the system's trust
    /// store when not set. Either way the certificate must verify and name the server.
    /// </summary>
    public string? TlsCaCertificateFile { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>For each bind or search.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal string? EffectiveBindDnTemplate => BindDnTemplate ?? (BaseDn is { Length: > 0 } b ? $"uid={{username}},ou=people,{b}" : null);

    internal string? EffectiveUserSearchBase => UserSearchBase ?? (BaseDn is { Length: > 0 } b ? $"ou=people,{b}" : null);

    internal string? EffectiveGroupSearchBase => GroupSearchBase ?? (BaseDn is { Length: > 0 } b ? $"ou=groups,{b}" : null);
}
