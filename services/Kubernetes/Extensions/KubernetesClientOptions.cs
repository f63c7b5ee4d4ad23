namespace Lakehouse.Kubernetes.Extensions;

/// <summary>
/// How a service finds its cluster (section <c>Kubernetes</c>): a kubeconfig and context (for running outside the
/// cluster, as <c>--kube-context</c> does), otherwise the pod's service account; and the namespace to work in.
/// </summary>
public sealed class KubernetesClientOptions
{
    public const string SectionName = "Kubernetes";

    /// <summary>A kubeconfig file; when unset, <c>KUBECONFIG</c> or <c>~/.kube/config</c> outside a cluster.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The context to use; the kubeconfig's current context when unset.</summary>
    public string? Context { get; set; }

    /// <summary>Overrides the context's (or the service account's) namespace.</summary>
    public string? Namespace { get; set; }
}
