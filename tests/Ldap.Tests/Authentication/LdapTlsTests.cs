using Lakehouse.Hub.Authentication;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>Logins over TLS against the real slapd serving a certificate from a test CA: StartTLS and ldaps://.</summary>
public sealed class LdapTlsTests(TlsOpenLdapFixture directory) : IClassFixture<TlsOpenLdapFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starttls_with_the_directorys_ca_logs_alice_in()
    {
        var (authenticator, logs) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:UseStartTls"] = "true",
            ["Authentication:Ldap:TlsCaCertificateFile"] = directory.Certificates.CaFile,
        });

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.True(result.Succeeded, string.Join('\n', logs.Lines));
        Assert.Equal((10001, 10001), (result.User.Uid, result.User.Gid));
    }

    [Fact]
    public async Task Ldaps_with_the_directorys_ca_logs_alice_in_and_looks_bob_up()
    {
        var settings = new Dictionary<string, string?>(directory.ServiceAccount())
        {
            ["Authentication:Ldap:TlsCaCertificateFile"] = directory.Certificates.CaFile,
        };
        var (authenticator, _) = directory.CreateAuthenticator(settings, serverUri: directory.LdapsUri);
        var (users, _) = TestAuthenticators.CreateDirectory(directory.LdapsUri, directory.Resource.BaseDn, settings);

        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);
        var bob = await users.FindAsync("bob", CancellationToken);

        Assert.True(alice.Succeeded, alice.Message);
        Assert.Equal(10001, alice.User.Uid);
        Assert.True(bob.Found, bob.Message);
        Assert.Equal(10002, bob.User.Uid);
    }

    [Fact]
    public async Task Starttls_with_search_then_bind_through_the_service_account_logs_bob_in()
    {
        var settings = new Dictionary<string, string?>(directory.ServiceAccount())
        {
            ["Authentication:Ldap:LookupDn"] = "true",
            ["Authentication:Ldap:UseStartTls"] = "true",
            ["Authentication:Ldap:TlsCaCertificateFile"] = directory.Certificates.CaFile,
        };
        var (authenticator, logs) = directory.CreateAuthenticator(settings);

        var bob = await authenticator.AuthenticateAsync("bob", directory.DemoPassword, CancellationToken);

        Assert.True(bob.Succeeded, bob.Message);
        Assert.Equal(10002, bob.User.Uid);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.ReaderPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_certificate_from_another_ca_fails_closed_before_any_password_is_sent(bool ldaps)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Ldap:TlsCaCertificateFile"] = directory.UnrelatedCaFile,
        };
        if (!ldaps)
        {
            settings["Authentication:Ldap:UseStartTls"] = "true";
        }

        var (authenticator, _) = directory.CreateAuthenticator(settings, serverUri: ldaps ? directory.LdapsUri : null);

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.Unavailable, result.Failure);
    }
}
