using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>
/// TLS at the local entry point: with a certificate (PEM certificate and key, or PKCS#12) the public port speaks
/// HTTPS only, answers with HSTS, and tells the hub the request came over TLS (its cookies turn Secure).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TlsTests(ProxyPlatform platform) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lakehouse-tls-tests-");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task With_a_certificate_the_public_port_serves_https_with_hsts_and_tells_the_hub(string format)
    {
        using var certificate = SelfSigned();
        var settings = BaseSettings();
        if (format == "pem")
        {
            settings["Proxy__TlsCertificate"] = Write("cert.pem", certificate.ExportCertificatePem());
            settings["Proxy__TlsKey"] = Write("key.pem", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
        else
        {
            settings["Proxy__TlsCertificate"] = Path.Combine(_folder.FullName, "cert.pfx");
            File.WriteAllBytes(settings["Proxy__TlsCertificate"], certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
            settings["Proxy__TlsCertificatePassword"] = "pfx-password";
        }

        using var controller = await RouteControllerProcess.StartOnFreePortsAsync(settings);
        var https = new UriBuilder(controller.PublicUrl) { Scheme = "https" }.Uri;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            // Trust exactly the test's certificate.
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
        });

        var before = platform.Hub.PageRequests.Count;
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(new Uri(https, $"hub/tls-check-{format}"), Cancel);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"No HTTPS answer; the route controller said:\n{controller.Output}", e);
        }

        using var answered = response;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"hub page /hub/tls-check-{format}", await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
        var seen = platform.Hub.PageRequests.Skip(before).Single(r => r.PathAndQuery == $"/hub/tls-check-{format}");
        Assert.Equal("https", seen.Headers["X-Forwarded-Proto"]);

        // Plain HTTP on the TLS port gets no page.
        using var plain = ProxyPlatform.CreateClient();
        try
        {
            using var refused = await plain.GetAsync(new Uri(controller.PublicUrl, "hub/"), Cancel);
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }
        catch (HttpRequestException)
        {
            // Closed: as good.
        }
    }

    [Fact]
    public async Task Without_tls_there_is_no_hsts()
    {
        using var client = ProxyPlatform.CreateClient();
        using var response = await client.GetAsync(new Uri(platform.PublicUrl, "hub/plain"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_stops_the_route_controller_with_a_clear_message()
    {
        using var certificate = SelfSigned();
        using var otherKey = RSA.Create(2048);
        var settings = BaseSettings();
        settings["Proxy__TlsCertificate"] = Write("cert.pem", certificate.ExportCertificatePem());
        settings["Proxy__TlsKey"] = Write("other-key.pem", otherKey.ExportPkcs8PrivateKeyPem());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RouteControllerProcess.StartOnFreePortsAsync(settings));

        Assert.Contains("Proxy:TlsCertificate/TlsKey", error.Message);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private Dictionary<string, string> BaseSettings() => new()
    {
        ["services__hub__http__0"] = platform.Hub.Url.ToString(),
        ["services__spawner__http__0"] = platform.Spawner.Url.ToString(),
        ["Lakehouse__ServiceTokens__RouteController"] = ProxyPlatform.ServiceToken,
    };

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=lakehouse-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("*.sparkui.localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // With its key kept exportable, for the PEM and PKCS#12 files.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
