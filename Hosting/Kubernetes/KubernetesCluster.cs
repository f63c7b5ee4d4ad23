using Microsoft.Extensions.Configuration;

namespace Lakehouse.Hosting.Kubernetes;

/// <summary>
/// A cluster for services that run locally but work against Kubernetes (<c>--kube-context NAME</c>, optionally
/// <c>--kube-namespace NS</c> and <c>--kubeconfig PATH</c>; the kubeconfig defaults to <c>KUBECONFIG</c>'s first
/// file, then <c>~/.kube/config</c>).
/// </summary>
public sealed record KubernetesCluster(string Kubeconfig, string Context, string? Namespace)
{
    public const string ContextKey = "kube-context";
    public const string NamespaceKey = "kube-namespace";
    public const string KubeconfigKey = "kubeconfig";

    /// <summary>The cluster the command line names; null without <c>--kube-context</c>.</summary>
    public static KubernetesCluster? FromConfiguration(IConfiguration configuration)
    {
        if (configuration[ContextKey] is not { Length: > 0 } context)
        {
            return null;
        }

        var kubeconfig = configuration[KubeconfigKey]
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        var ns = configuration[NamespaceKey];
        return new KubernetesCluster(Path.GetFullPath(kubeconfig), context, string.IsNullOrEmpty(ns) ? null : ns);
    }
}
