using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.OpenLdap;

/// <summary>What <c>AddOpenLdap</c> declares for the manifests, and how it refuses bad input.</summary>
public sealed class OpenLdapPublishModeTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishes_as_an_openldap_image_with_volumes_a_container_port_and_secret_references()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Publish);
        var ldap = builder.AddOpenLdap("ldap").Resource;

        var image = Assert.Single(ldap.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("osixia/openldap:1.5.0", image.Reference);
        Assert.Null(image.Registry);
        Assert.Equal(
            [("ldap-data", "/var/lib/ldap"), ("ldap-config", "/etc/ldap/slapd.d")],
            ldap.Annotations.OfType<ContainerVolumeAnnotation>().Select(v => (v.Name, v.Target)));
        var endpoint = Assert.Single(ldap.GetEndpoints());
        Assert.Equal(("ldap", "tcp", 389), (endpoint.Name, endpoint.UriScheme, endpoint.TargetPort));
        Assert.Equal("ldap://{ldap.bindings.ldap.host}:{ldap.bindings.ldap.port}", ldap.ConnectionStringExpression.ValueExpression);
        Assert.Equal("{ldap.connectionString}", ((IManifestExpressionProvider)ldap).ValueExpression);

        var environment = (await ResourceEnvironment.GetEnvironmentAsync(ldap, builder.ExecutionContext, CancellationToken))
            .ToDictionary(e => e.Key, e => ResourceEnvironment.ToManifestValue(e.Value));
        Assert.Equal("lakehouse.home", environment["LDAP_DOMAIN"]);
        Assert.Equal("dc=lakehouse,dc=home", environment["LDAP_BASE_DN"]);
        // A reference to the secret parameter, never its value.
        Assert.Equal("{ldap-admin-password.value}", environment["LDAP_ADMIN_PASSWORD"]);
        // The image's read-only user is the same cn=reader,{base} as in run mode.
        Assert.Equal(("true", "reader", "{ldap-reader-password.value}"),
            (environment["LDAP_READONLY_USER"], environment["LDAP_READONLY_USER_USERNAME"], environment["LDAP_READONLY_USER_PASSWORD"]));
        Assert.Equal("cn=reader,dc=lakehouse,dc=home", ldap.ReaderDn);
        Assert.Empty(await ResourceEnvironment.GetArgumentsAsync(ldap, builder.ExecutionContext, CancellationToken));
        Assert.Empty(ldap.Annotations.OfType<BeforeStartAnnotation>());

        var parameters = builder.Resources.OfType<ParameterResource>().ToDictionary(p => p.Name);
        Assert.True(parameters["ldap-admin-password"].Secret);
        Assert.True(parameters["demo-password"].Secret);
        Assert.True(parameters["ldap-reader-password"].Secret);
    }

    [Fact]
    public void Run_mode_declares_slapd_in_the_foreground_on_the_allocated_port_with_an_install_hint()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("directory", baseDn: "DC=Example,DC=org").Resource;

        Assert.Equal("/usr/sbin/slapd", ldap.Command);
        Assert.Equal("dc=example,dc=org", ldap.BaseDn);
        Assert.Equal("uid={username},ou=people,dc=example,dc=org", ldap.UserDnTemplate);
        Assert.Null(Assert.Single(ldap.GetEndpoints()).TargetPort);
        Assert.Contains("slapd/no_configuration boolean true", Assert.Single(ldap.Annotations.OfType<InstallHintAnnotation>()).Hint, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y slapd ldap-utils", ldap.Annotations.OfType<InstallHintAnnotation>().Single().Hint, StringComparison.Ordinal);
        Assert.Contains(builder.Resources, r => r.Name == "directory-admin-password");
    }

    [Theory]
    [InlineData("")]
    [InlineData("o=lakehouse")]
    [InlineData("dc=lakehouse,o=home")]
    [InlineData("dc=lake)(house,dc=home")]
    [InlineData("dc=-lakehouse,dc=home")]
    [InlineData("dc=lakehouse,,dc=home")]
    public void A_bad_base_dn_is_refused_with_a_clear_error_and_adds_nothing(string baseDn)
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);

        var error = Assert.Throws<ArgumentException>(() => builder.AddOpenLdap("ldap", baseDn));

        Assert.Contains("Invalid base DN", error.Message, StringComparison.Ordinal);
        Assert.Contains("dc=lakehouse,dc=home", error.Message, StringComparison.Ordinal);
        Assert.Empty(builder.Resources);
    }
}
