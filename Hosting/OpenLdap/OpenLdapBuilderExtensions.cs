using System.Text.RegularExpressions;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.OpenLdap;

namespace Lakehouse.Hosting;

public static partial class OpenLdapBuilderExtensions
{
    public const string DefaultBaseDn = "dc=lakehouse,dc=home";

    /// <summary>The demo users' password parameter: generated when not given, and printed at start.</summary>
    public const string DemoPasswordParameterName = "demo-password";

    /// <summary>The LDAP port inside the container in a cluster.</summary>
    private const int ContainerLdapPort = 389;

    private const string ContainerImage = "osixia/openldap";
    private const string ContainerTag = "1.5.0";

    /// <summary>
    /// Adds an OpenLDAP directory. Clients get <c>ConnectionStrings__{name}</c> (<c>ldap://host:port</c>); pass
    /// <see cref="OpenLdapServerResource.BaseDn"/> to them separately. Run mode: a private Debian slapd on loopback
    /// with its cn=config and data under the state folder, seeded once with the demo users of
    /// <see cref="OpenLdapDemoData"/>. Publish mode: the <c>osixia/openldap</c> image with volumes for data and config.
    /// </summary>
    /// <param name="baseDn">The suffix, made of <c>dc=</c> parts only; <c>dc=lakehouse,dc=home</c> when not given.</param>
    /// <param name="adminPassword">The root DN's password; the secret parameter <c>{name}-admin-password</c> when not given.</param>
    /// <remarks>The read-only account <see cref="OpenLdapServerResource.ReaderDn"/> gets the secret parameter <c>{name}-reader-password</c>.</remarks>
    /// <param name="demoPassword">The demo users' password; the secret parameter <c>demo-password</c> when not given.</param>
    /// <param name="port">A fixed LDAP port; allocated when not given.</param>
    public static IResourceBuilder<OpenLdapServerResource> AddOpenLdap(
        this IDistributedApplicationBuilder builder,
        string name,
        string baseDn = DefaultBaseDn,
        IResourceBuilder<ParameterResource>? adminPassword = null,
        IResourceBuilder<ParameterResource>? demoPassword = null,
        int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceName.Validate(name);
        baseDn = ValidateBaseDn(baseDn);
        var executionContext = builder.ExecutionContext;
        var layout = new OpenLdapLayout(executionContext.GetResourceDataDirectory(name));
        var adminPasswordParameter = adminPassword?.Resource ?? builder.AddParameter($"{name}-admin-password", secret: true).Resource;
        var demoPasswordGenerated = demoPassword is null && string.IsNullOrEmpty(builder.Configuration[$"Parameters:{DemoPasswordParameterName}"]);
        var demoPasswordParameter = demoPassword?.Resource ?? builder.AddParameter(DemoPasswordParameterName, secret: true).Resource;
        var readerPasswordParameter = builder.AddParameter($"{name}-reader-password", secret: true).Resource;
        var resource = new OpenLdapServerResource(
            name, baseDn, adminPasswordParameter, demoPasswordParameter, readerPasswordParameter, SlapdTools.Slapd, layout.DataDirectory);

        var ldap = builder.AddResource(resource)
            .WithEndpoint(OpenLdapServerResource.PrimaryEndpointName, "tcp", port, executionContext.IsPublishMode ? ContainerLdapPort : null)
            .WithTcpHealthCheck(OpenLdapServerResource.PrimaryEndpointName)
            .WithInstallHint(SlapdTools.InstallHint)
            .PublishAsContainer(ContainerImage, ContainerTag)
            .WithVolume($"{name}-data", "/var/lib/ldap")
            .WithVolume($"{name}-config", "/etc/ldap/slapd.d");

        if (executionContext.IsPublishMode)
        {
            // The image builds its directory from these on its first start; seeding people there comes with the cluster issue.
            ldap.WithEnvironment(context =>
            {
                context.EnvironmentVariables["LDAP_ORGANISATION"] = DomainOf(baseDn);
                context.EnvironmentVariables["LDAP_DOMAIN"] = DomainOf(baseDn);
                context.EnvironmentVariables["LDAP_BASE_DN"] = baseDn;
                context.EnvironmentVariables["LDAP_ADMIN_PASSWORD"] = adminPasswordParameter;
                // The image's read-only user is cn={username},{base}: the same ReaderDn as in run mode.
                context.EnvironmentVariables["LDAP_READONLY_USER"] = "true";
                context.EnvironmentVariables["LDAP_READONLY_USER_USERNAME"] = "reader";
                context.EnvironmentVariables["LDAP_READONLY_USER_PASSWORD"] = readerPasswordParameter;
                // TLS comes with its own issue; until then the image must not generate a self-signed certificate.
                context.EnvironmentVariables["LDAP_TLS"] = "false";
            });
            return ldap;
        }

        var endpoint = resource.PrimaryEndpoint;
        ldap.WithArgs(context =>
        {
            var tcp = ReferenceExpression.Create(
                $"ldap://{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}/");
            context.Args.AddRange(["-d", "0", "-F", layout.ConfigDirectory, "-h"]);
            var urls = resource.Tls is null
                ? tcp
                : ReferenceExpression.Create(
                    $"{tcp} ldaps://{resource.LdapsEndpoint.Property(EndpointProperty.Host)}:{resource.LdapsEndpoint.Property(EndpointProperty.Port)}/");
            context.Args.Add(layout.LdapiUri is { } ldapi ? ReferenceExpression.Create($"{urls} {ldapi}") : urls);
        });

        if (layout.LdapiUri is { } socket)
        {
            // An anonymous read of the root DSE through the local socket: slapd answers LDAP, not just accepts TCP.
            ldap.WithCommandHealthCheck(SlapdTools.Ldapsearch, "-x", "-LLL", "-o", "nettimeout=5", "-H", socket, "-b", "", "-s", "base", "1.1");
        }

        var demoPasswordShown = 0;
        ldap.OnBeforeStart(async context =>
        {
            if (layout.LdapiUri is not null)
            {
                OpenLdapDirectoryInitializer.EnsureInstalled(SlapdTools.Ldapsearch);
            }

            // An empty configured value counts as not given, so a parameter always has a non-empty value here.
            var demoPasswordValue = demoPasswordParameter.Value;
            var demoPasswordWorks = await OpenLdapDirectoryInitializer.PrepareAsync(
                layout, baseDn, resource.RootDn, adminPasswordParameter.Value, demoPasswordValue, resource.Tls, context.CancellationToken);
            await OpenLdapDirectoryInitializer.EnsureReaderAsync(layout, baseDn, resource.ReaderDn, readerPasswordParameter.Value, context.CancellationToken);

            // Straight to the console, once per AppHost run: a new user needs it to log in, and no log file keeps it.
            if (Interlocked.Exchange(ref demoPasswordShown, 1) == 0)
            {
                var users = string.Join(", ", OpenLdapDemoData.Users.Select(u => u.Name));
                if (demoPasswordWorks == false)
                {
                    await Console.Out.WriteLineAsync(
                        $"Demo users {users} were created by an earlier start with another password than parameter " +
                        $"'{DemoPasswordParameterName}'; they keep that one (the data in {layout.DatabaseDirectory} is never reseeded).");
                }
                else if (demoPasswordGenerated)
                {
                    await Console.Out.WriteLineAsync(
                        $"Demo users {users} log in with the generated password: {demoPasswordValue}" +
                        $"  (set Parameters:{DemoPasswordParameterName} to choose your own before the first start)");
                }
            }
        });

        return ldap;
    }

    /// <summary>
    /// Serves TLS in run mode: StartTLS on the ldap endpoint and a second endpoint <c>ldaps</c>, with this certificate
    /// (PEM, its chain after it) and key. Clients must trust its CA. In a cluster, TLS comes with the cluster's own
    /// certificates, so publishing a directory with this is refused rather than published without it.
    /// </summary>
    public static IResourceBuilder<OpenLdapServerResource> WithTls(
        this IResourceBuilder<OpenLdapServerResource> builder, string certificateFile, string keyFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyFile);
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            throw new NotSupportedException($"'{builder.Resource.Name}': WithTls is for run mode; a published directory gets its certificates from the cluster.");
        }

        builder.Resource.Tls = new OpenLdapTlsFiles(Path.GetFullPath(certificateFile), Path.GetFullPath(keyFile));
        return builder.WithEndpoint(OpenLdapServerResource.LdapsEndpointName, "tcp")
            .WithTcpHealthCheck(OpenLdapServerResource.LdapsEndpointName);
    }

    /// <summary><c>dc=lakehouse,dc=home</c> → <c>lakehouse.home</c>.</summary>
    private static string DomainOf(string baseDn) => string.Join('.', baseDn.Split(',').Select(part => part["dc=".Length..]));

    private static string ValidateBaseDn(string baseDn)
    {
        var normalized = (baseDn ?? string.Empty).Trim().ToLowerInvariant();
        if (!BaseDnPattern().IsMatch(normalized))
        {
            throw new ArgumentException(
                $"Invalid base DN '{baseDn}': use dc= parts of ASCII letters, digits and hyphens, such as '{DefaultBaseDn}'.", nameof(baseDn));
        }

        return normalized;
    }

    [GeneratedRegex("^dc=[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(,dc=[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex BaseDnPattern();
}
