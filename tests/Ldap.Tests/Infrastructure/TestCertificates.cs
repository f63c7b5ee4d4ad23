namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>A throwaway CA and a server certificate it signed, made with openssl in a test's state folder.</summary>
internal sealed record TestCertificates(string CaFile, string CertificateFile, string KeyFile)
{
    /// <summary>The server certificate names <c>127.0.0.1</c> and <c>localhost</c>, as clients on loopback reach it.</summary>
    public static async Task<TestCertificates> CreateAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var ca = await CreateCaAsync(folder, "ca", cancellationToken);
        var key = Path.Combine(folder, "server.key");
        var request = Path.Combine(folder, "server.csr");
        var certificate = Path.Combine(folder, "server.pem");
        var extensions = Path.Combine(folder, "server.ext");
        await File.WriteAllTextAsync(
            extensions,
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
            cancellationToken);
        await OpenSslAsync(cancellationToken, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=localhost");
        await OpenSslAsync(
            cancellationToken, "x509", "-req", "-in", request, "-CA", ca.Certificate, "-CAkey", ca.Key, "-CAcreateserial",
            "-out", certificate, "-days", "2", "-extfile", extensions);
        return new TestCertificates(ca.Certificate, certificate, key);
    }

    /// <summary>Another CA, which signed nothing the directory serves.</summary>
    public static async Task<string> CreateUnrelatedCaAsync(string folder, CancellationToken cancellationToken) =>
        (await CreateCaAsync(folder, "unrelated-ca", cancellationToken)).Certificate;

    private static async Task<(string Certificate, string Key)> CreateCaAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var certificate = Path.Combine(folder, name + ".pem");
        var key = Path.Combine(folder, name + ".key");
        await OpenSslAsync(
            cancellationToken, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", $"/CN=Lakehouse test {name}", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return (certificate, key);
    }

    private static async Task OpenSslAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await Tool.RunAsync("openssl", arguments, cancellationToken);
        Assert.True(result.ExitCode == 0, $"openssl {arguments[0]} failed: {result.Error}");
    }
}
