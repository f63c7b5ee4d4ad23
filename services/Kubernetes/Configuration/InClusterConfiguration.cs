namespace Lakehouse.Kubernetes.Configuration;

/// <summary>
/// Inside a pod: the API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, the service account's token (a file
/// the kubelet rotates), CA and namespace from <c>/var/run/secrets/kubernetes.io/serviceaccount</c>.
/// </summary>
public static class InClusterConfiguration
{
    public const string ServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static bool IsAvailable(string folder = ServiceAccountFolder) =>
        Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 } && File.Exists(Path.Combine(folder, "token"));

    public static KubernetesConfiguration Load(string folder = ServiceAccountFolder, string? namespaceOverride = null)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeconfigException("Not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set.");
        }

        var tokenFile = Path.Combine(folder, "token");
        if (!File.Exists(tokenFile))
        {
            throw new KubeconfigException($"Not in a cluster: there is no service-account token at '{tokenFile}'.");
        }

        // An IPv6 address needs brackets in a URL.
        var hostPart = host.Contains(':') ? $"[{host}]" : host;
        var namespaceFile = Path.Combine(folder, "namespace");
        return new KubernetesConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            CertificateAuthority = KubeconfigLoader.CertificateAuthority(File.ReadAllText(Path.Combine(folder, "ca.crt"))),
            TokenFile = tokenFile,
            Namespace = namespaceOverride
                ?? (File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : KubernetesConfiguration.DefaultNamespace),
        };
    }
}
