using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Lakehouse.Kubernetes.Configuration;

/// <summary>
/// Reads a kubeconfig file: the current context (or a named one), its cluster (server, certificate-authority or
/// -data, insecure-skip-tls-verify), its user (client-certificate/-key or their -data, token, tokenFile) and its
/// namespace. Relative file paths are relative to the kubeconfig, as kubectl has them.
/// </summary>
public static class KubeconfigLoader
{
    public static KubernetesConfiguration Load(string path, string? context = null, string? namespaceOverride = null)
    {
        var root = Parse(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var contextName = context ?? Scalar(root, "current-context")
            ?? throw new KubeconfigException($"The kubeconfig '{path}' has no current-context; name a context.");
        var contextEntry = Named(root, "contexts", contextName, "context")
            ?? throw new KubeconfigException($"The kubeconfig '{path}' has no context '{contextName}'.");
        var clusterName = Scalar(contextEntry, "cluster")
            ?? throw new KubeconfigException($"The context '{contextName}' names no cluster.");
        var cluster = Named(root, "clusters", clusterName, "cluster")
            ?? throw new KubeconfigException($"The kubeconfig '{path}' has no cluster '{clusterName}'.");
        var userName = Scalar(contextEntry, "user");
        var user = userName is null ? null : Named(root, "users", userName, "user")
            ?? throw new KubeconfigException($"The kubeconfig '{path}' has no user '{userName}'.");

        var server = Scalar(cluster, "server") ?? throw new KubeconfigException($"The cluster '{clusterName}' has no server.");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("https" or "http"))
        {
            throw new KubeconfigException($"The server of cluster '{clusterName}' is not an http(s) URL: '{server}'.");
        }

        var caPem = Pem(cluster, "certificate-authority", folder);
        var certificatePem = user is null ? null : Pem(user, "client-certificate", folder);
        var keyPem = user is null ? null : Pem(user, "client-key", folder);
        if ((certificatePem is null) != (keyPem is null))
        {
            throw new KubeconfigException($"The user '{userName}' needs both a client certificate and its key.");
        }

        var tokenFile = user is null ? null : Scalar(user, "tokenFile");
        return new KubernetesConfiguration
        {
            Server = serverUri,
            CertificateAuthority = caPem is null ? null : CertificateAuthority(caPem),
            ClientCertificate = certificatePem is null ? null : X509Certificate2.CreateFromPem(certificatePem, keyPem),
            Token = user is null ? null : Scalar(user, "token"),
            TokenFile = tokenFile is null ? null : Path.Combine(folder, tokenFile),
            Namespace = namespaceOverride ?? Scalar(contextEntry, "namespace") ?? KubernetesConfiguration.DefaultNamespace,
            SkipTlsVerify = Scalar(cluster, "insecure-skip-tls-verify") == "true",
        };
    }

    public static X509Certificate2Collection CertificateAuthority(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates.Count > 0 ? certificates : throw new KubeconfigException("The certificate authority holds no certificate.");
    }

    private static YamlMappingNode Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new KubeconfigException($"There is no kubeconfig at '{path}'.");
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        return yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new KubeconfigException($"The kubeconfig '{path}' is not a YAML mapping.");
    }

    /// <summary>The <paramref name="inner"/> mapping of the entry named <paramref name="name"/> in the list <paramref name="list"/>.</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string name, string inner)
    {
        if (!root.Children.TryGetValue(list, out var node) || node is not YamlSequenceNode entries)
        {
            return null;
        }

        return entries.OfType<YamlMappingNode>()
            .Where(entry => Scalar(entry, "name") == name)
            .Select(entry => entry.Children.TryGetValue(inner, out var value) ? value as YamlMappingNode : null)
            .FirstOrDefault();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

    /// <summary>PEM text from <c>{key}-data</c> (base64) or from the file named by <c>{key}</c>.</summary>
    private static string? Pem(YamlMappingNode node, string key, string folder)
    {
        if (Scalar(node, key + "-data") is { } data)
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }

        return Scalar(node, key) is { } file ? File.ReadAllText(Path.Combine(folder, file)) : null;
    }
}

/// <summary>A kubeconfig that cannot be used, and why.</summary>
public sealed class KubeconfigException(string message) : Exception(message);
