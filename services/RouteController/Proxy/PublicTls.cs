using System.Security.Cryptography.X509Certificates;
using Lakehouse.RouteController.Options;

namespace Lakehouse.RouteController.Proxy;

/// <summary>The public port's certificate, when <c>Proxy:TlsCertificate</c> is set (locally; in a cluster the gateway terminates TLS).</summary>
public static class PublicTls
{
    public static bool IsEnabled(ProxyOptions options) => !string.IsNullOrEmpty(options.TlsCertificate);

    /// <exception cref="InvalidOperationException">The files do not hold a usable certificate and key.</exception>
    public static X509Certificate2 LoadCertificate(ProxyOptions options)
    {
        try
        {
            if (!string.IsNullOrEmpty(options.TlsKey))
            {
                using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertificate!, options.TlsKey);
                // Kestrel needs a key it can use for every handshake: export and reload it as PKCS#12.
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }

            return X509CertificateLoader.LoadPkcs12FromFile(options.TlsCertificate!, options.TlsCertificatePassword);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{ProxyOptions.SectionName}:TlsCertificate/TlsKey: cannot load a certificate with its private key ({e.Message}).", e);
        }
    }
}
