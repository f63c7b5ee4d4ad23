namespace Lakehouse.Hub.Authentication;

/// <summary>Which identity source the hub logs users in with: configuration <c>Authentication:Provider</c>.</summary>
public sealed class AuthenticationProviderOptions
{
    public const string SectionName = "Authentication";

    public const string Ldap = "ldap";
    public const string Oidc = "oidc";

    /// <summary><c>ldap</c> (the default: a password form checked against LDAP) or <c>oidc</c> (the provider's login page).</summary>
    public string Provider { get; set; } = Ldap;

    public bool IsOidc => string.Equals(Provider, Oidc, StringComparison.OrdinalIgnoreCase);
}
