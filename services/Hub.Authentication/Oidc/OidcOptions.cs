namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// OpenID Connect login, from configuration <c>Authentication:Oidc</c> (used when <c>Authentication:Provider</c> is
/// <c>oidc</c>): the authorization-code flow with PKCE against any provider that publishes a discovery document
/// (Keycloak, the local oidc-provider, …).
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Authentication:Oidc";

    /// <summary>The issuer URL; the discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer ID tokens must name; the discovery document's <c>issuer</c> when not set.</summary>
    public string? Issuer { get; set; }

    /// <summary>Where discovery and JWKS are fetched from, when the hub reaches the provider at another address than
    /// browsers do (in a cluster: the provider's Service); <see cref="Authority"/> when not set.</summary>
    public string? MetadataAddress { get; set; }

    public string? ClientId { get; set; }

    /// <summary>A confidential client's secret, sent to the token endpoint (HTTP Basic); never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Requested scopes; <c>openid profile</c> when none are configured.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The claim holding the login name, normalized by the platform's username rule.</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>Where the group names are: a claim, or a dotted path into one (<c>realm_access.roles</c>).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>When not empty, only members of one of these groups may log in.</summary>
    public List<string> AllowedGroups { get; set; } = [];

    /// <summary>Members are hub admins. When not empty, it is authoritative: an admin who left these groups loses
    /// admin at the next login.</summary>
    public List<string> AdminGroups { get; set; } = [];

    /// <summary>The numeric claim with the user's uid. Without it (or without <see cref="GidClaim"/>) the user logs in
    /// with no POSIX identity from the provider, and the hub's directory lookup gives it at spawn.</summary>
    public string UidClaim { get; set; } = "uidNumber";

    public string GidClaim { get; set; } = "gidNumber";

    /// <summary>An optional claim listing POSIX groups as <c>name:gid</c> strings (the <c>EXTERNAL_GROUPS</c> shape);
    /// without it the user's POSIX groups are the primary group only.</summary>
    public string? PosixGroupsClaim { get; set; } = "posix_groups";

    /// <summary>uid and gid numbers below this are refused (the user's) or ignored (a group's), as for LDAP.</summary>
    public int MinimumId { get; set; } = 1000;

    /// <summary>The callback URL registered at the provider; <c>{scheme}://{host}/hub/oauth_callback</c> of the request when not set.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Where the provider sends the browser after logout; <c>{scheme}://{host}/hub/login</c> of the request when not set.</summary>
    public string? PostLogoutRedirectUri { get; set; }

    /// <summary>An access token expiring within this margin is refreshed before it is used.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerated clock difference for the ID token's times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a started login may take at the provider.</summary>
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Discovery and JWKS over https only; turn off for a provider on loopback or inside the cluster.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The key (at least 32 characters) that encrypts auth state (tokens) in the hub database and the login
    /// cookie; the AppHost passes its <c>auth-state-key</c> parameter.</summary>
    public string? AuthStateKey { get; set; }

    /// <summary>Give the user's (fresh) access token to their server as <see cref="AccessTokenEnvironmentVariable"/>.</summary>
    public bool PassAccessTokenToServer { get; set; }

    public string AccessTokenEnvironmentVariable { get; set; } = "OIDC_ACCESS_TOKEN";
}
