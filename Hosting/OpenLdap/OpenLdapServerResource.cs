using Lakehouse.Hosting.OpenLdap;

namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// An OpenLDAP directory: a private Debian slapd in run mode, an OpenLDAP image in a cluster.
/// Clients get <c>ConnectionStrings__{name}</c>, an <c>ldap://host:port</c> URI; the base DN is passed separately.
/// </summary>
public sealed class OpenLdapServerResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "ldap";

    internal const string LdapsEndpointName = "ldaps";

    public OpenLdapServerResource(
        string name,
        string baseDn,
        ParameterResource adminPassword,
        ParameterResource demoPassword,
        ParameterResource readerPassword,
        string command,
        string workingDirectory)
        : base(name, command, workingDirectory)
    {
        BaseDn = baseDn;
        AdminPasswordParameter = adminPassword;
        ReaderPasswordParameter = readerPassword;
        DemoPasswordParameter = demoPassword;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The LDAP endpoint (<c>ldap</c>, scheme tcp).</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The ldaps endpoint (TLS from the first byte); it exists once <c>WithTls</c> was called.</summary>
    public EndpointReference LdapsEndpoint => new(this, LdapsEndpointName);

    /// <summary>The certificate and key slapd serves ldaps:// and StartTLS with; null without TLS.</summary>
    public OpenLdapTlsFiles? Tls { get; internal set; }

    /// <summary>The directory's suffix, e.g. <c>dc=lakehouse,dc=home</c>.</summary>
    public string BaseDn { get; }

    /// <summary>The directory manager, whose password is <see cref="AdminPasswordParameter"/>.</summary>
    public string RootDn => $"cn=admin,{BaseDn}";

    /// <summary>Where people live: <c>ou=people,{base}</c>.</summary>
    public string PeopleDn => $"ou=people,{BaseDn}";

    /// <summary>Where POSIX groups live: <c>ou=groups,{base}</c>.</summary>
    public string GroupsDn => $"ou=groups,{BaseDn}";

    /// <summary>The DN of a person, with <c>{username}</c> where the login name goes: what a bind-as-user client needs.</summary>
    public string UserDnTemplate => $"uid={{username}},{PeopleDn}";

    public ParameterResource AdminPasswordParameter { get; }

    /// <summary>
    /// A read-only service account (<c>cn=reader,{base}</c>) for clients that look people up without their
    /// password, such as the hub; it reads what any authenticated user reads, never a password hash.
    /// </summary>
    public string ReaderDn => $"cn=reader,{BaseDn}";

    /// <summary>The password of <see cref="ReaderDn"/>.</summary>
    public ParameterResource ReaderPasswordParameter { get; }

    /// <summary>The password of the seeded demo users.</summary>
    public ParameterResource DemoPasswordParameter { get; }

    /// <summary><c>ldap://{host}:{port}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"ldap://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
