using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Configuration;
using Lakehouse.Kubernetes.Emulator;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Tests.Infrastructure;

namespace Lakehouse.Kubernetes.Tests.Client;

public sealed class KubeconfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kubeconfig-").FullName;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_kubeconfig_with_CA_data_and_a_token_reaches_a_TLS_server_and_a_wrong_token_is_refused()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { UseTls = true, BearerToken = "s3cret-token-for-tests" });
        var path = Path.Combine(_folder, "config");
        emulator.WriteKubeconfig(path, "kind-lakehouse", "jupyter");

        var configuration = KubeconfigLoader.Load(path);
        using var client = new KubernetesClient(configuration);
        await client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("a"), cancellationToken: Cancel);

        Assert.Equal("jupyter", configuration.Namespace);
        Assert.NotNull(emulator.Find("pods", "jupyter", "a"));
        using var wrong = new KubernetesClient(configuration with { Token = "wrong" });
        var refused = await Assert.ThrowsAsync<KubernetesApiException>(() => wrong.GetAsync(ResourceTypes.Pods, "a", cancellationToken: Cancel));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_server_whose_certificate_the_kubeconfig_does_not_trust_is_refused()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { UseTls = true });
        await using var other = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { UseTls = true });
        using var client = new KubernetesClient(emulator.ClientConfiguration() with
        {
            CertificateAuthority = KubeconfigLoader.CertificateAuthority(other.CertificateAuthorityPem!),
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync(ResourceTypes.Pods, cancellationToken: Cancel));
    }

    [Fact]
    public void A_named_context_its_cluster_user_files_and_client_certificate_are_read()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=alice", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(Path.Combine(_folder, "client.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "client.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_folder, "token"), "from-a-file\n");
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));
        var path = Path.Combine(_folder, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: first
            clusters:
            - name: c1
              cluster:
                server: https://first.example:6443
            - name: c2
              cluster:
                server: https://second.example:6443
                certificate-authority-data: {ca}
            users:
            - name: u1
              user:
                token: abc
            - name: u2
              user:
                client-certificate: client.crt
                client-key: client.key
                tokenFile: token
            contexts:
            - name: first
              context:
                cluster: c1
                user: u1
            - name: second
              context:
                cluster: c2
                user: u2
                namespace: spark
            """);

        var current = KubeconfigLoader.Load(path);
        var second = KubeconfigLoader.Load(path, "second");

        Assert.Equal(new Uri("https://first.example:6443"), current.Server);
        Assert.Equal("abc", current.CurrentToken());
        Assert.Equal("default", current.Namespace);
        Assert.Equal(new Uri("https://second.example:6443"), second.Server);
        Assert.Equal("spark", second.Namespace);
        Assert.Equal("from-a-file", second.CurrentToken());
        Assert.True(second.ClientCertificate!.HasPrivateKey);
        Assert.Equal("CN=alice", Assert.Single(second.CertificateAuthority!).Subject);
        Assert.Equal("elsewhere", KubeconfigLoader.Load(path, "second", "elsewhere").Namespace);
        var missing = Assert.Throws<KubeconfigException>(() => KubeconfigLoader.Load(path, "third"));
        Assert.Contains("no context 'third'", missing.Message);
    }
}
