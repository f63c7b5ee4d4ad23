using Lakehouse.Hub.Authentication.Ldap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>A configuration that cannot work, or would be unsafe, is refused with the key to fix.</summary>
public sealed class LdapAuthenticationOptionsTests
{
    [Theory]
    [InlineData(null, "ServerUri (or ConnectionStrings:ldap) must be an ldap:// or ldaps:// URI")]
    [InlineData("http://127.0.0.1:389", "ServerUri (or ConnectionStrings:ldap) must be an ldap:// or ldaps:// URI")]
    public void The_server_must_be_an_ldap_uri(string? serverUri, string expected) =>
        AssertRefused(new() { ["Authentication:Ldap:ServerUri"] = serverUri, ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org" }, expected);

    [Fact]
    public void Starttls_on_an_ldaps_uri_is_refused() =>
        AssertRefused(
            new() { ["Authentication:Ldap:ServerUri"] = "ldaps://ldap.example.org", ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org", ["Authentication:Ldap:UseStartTls"] = "true" },
            "UseStartTls and an ldaps:// URI exclude each other");

    [Fact]
    public void A_bind_template_needs_the_username_placeholder() =>
        AssertRefused(
            new() { ["ConnectionStrings:ldap"] = "ldap://127.0.0.1:389", ["Authentication:Ldap:BindDnTemplate"] = "uid=alice,ou=people,dc=example,dc=org", ["Authentication:Ldap:GroupSearchBase"] = "ou=groups,dc=example,dc=org" },
            "BindDnTemplate (or BaseDn) must give a DN with {username}");

    [Fact]
    public void A_service_account_without_a_password_is_refused_as_it_would_bind_anonymously() =>
        AssertRefused(
            new() { ["ConnectionStrings:ldap"] = "ldap://127.0.0.1:389", ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org", ["Authentication:Ldap:LookupDn"] = "true", ["Authentication:Ldap:SearchBindDn"] = "cn=hub,dc=example,dc=org" },
            "SearchBindPassword is required when SearchBindDn is set");

    [Fact]
    public void A_ca_file_that_does_not_exist_is_refused() =>
        AssertRefused(
            new() { ["Authentication:Ldap:ServerUri"] = "ldaps://ldap.example.org", ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org", ["Authentication:Ldap:TlsCaCertificateFile"] = "/nonexistent/ca.pem" },
            "TlsCaCertificateFile '/nonexistent/ca.pem' does not exist");

    [Fact]
    public void A_ca_file_without_tls_is_refused_as_it_would_protect_nothing()
    {
        var caFile = Path.GetTempFileName();
        try
        {
            AssertRefused(
                new() { ["ConnectionStrings:ldap"] = "ldap://127.0.0.1:389", ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org", ["Authentication:Ldap:TlsCaCertificateFile"] = caFile },
                "TlsCaCertificateFile is set but the connection is not encrypted");
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    [Fact]
    public void A_user_search_base_is_required_for_collision_checks_even_with_a_bind_template() =>
        AssertRefused(
            new() { ["ConnectionStrings:ldap"] = "ldap://127.0.0.1:389", ["Authentication:Ldap:BindDnTemplate"] = "uid={username},ou=people,dc=example,dc=org", ["Authentication:Ldap:GroupSearchBase"] = "ou=groups,dc=example,dc=org" },
            "UserSearchBase (or BaseDn) is required");

    [Fact]
    public void Base_dn_alone_fills_in_the_platform_layout_and_the_connection_string_gives_the_server()
    {
        var options = Resolve(new() { ["ConnectionStrings:ldap"] = "ldap://127.0.0.1:3890", ["Authentication:Ldap:BaseDn"] = "dc=example,dc=org" });

        Assert.Equal("ldap://127.0.0.1:3890", options.ServerUri);
        Assert.Equal("uid={username},ou=people,dc=example,dc=org", options.EffectiveBindDnTemplate);
        Assert.Equal("ou=people,dc=example,dc=org", options.EffectiveUserSearchBase);
        Assert.Equal("ou=groups,dc=example,dc=org", options.EffectiveGroupSearchBase);
        Assert.Equal(1000, options.MinimumId);
    }

    private static void AssertRefused(Dictionary<string, string?> settings, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(settings));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static LdapAuthenticationOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddLdapAuthenticator(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<LdapAuthenticationOptions>>().Value;
    }
}
