using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>The platform's slapd serving TLS (StartTLS and ldaps://) with a certificate from a throwaway CA.</summary>
public sealed class TlsOpenLdapFixture : OpenLdapFixture
{
    internal TestCertificates Certificates { get; private set; } = null!;

    /// <summary>A CA that did not sign the directory's certificate.</summary>
    public string UnrelatedCaFile { get; private set; } = null!;

    /// <summary><c>ldaps://127.0.0.1:port</c>.</summary>
    public string LdapsUri => $"ldaps://127.0.0.1:{Resource.LdapsEndpoint.Port}";

    protected override async Task ConfigureAsync(IResourceBuilder<OpenLdapServerResource> ldap)
    {
        var folder = Path.Combine(StatePath, "certificates");
        Certificates = await TestCertificates.CreateAsync(folder, TestContext.Current.CancellationToken);
        UnrelatedCaFile = await TestCertificates.CreateUnrelatedCaAsync(folder, TestContext.Current.CancellationToken);
        ldap.WithTls(Certificates.CertificateFile, Certificates.KeyFile);
    }
}
