namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// The cluster the application is published to, as Aspire's Kubernetes environment: the platform's namespace and
/// the cluster-wide objects that belong to no single resource (other namespaces, the gateway, NetworkPolicies,
/// NFS volumes). Published only: it starts nothing in run mode and has no entry in the Aspire manifest.
/// </summary>
public sealed class KubernetesEnvironmentResource(string name, object @namespace) : Resource(name)
{
    /// <summary>The platform's namespace: a name, or a parameter that holds one.</summary>
    public object Namespace { get; } = @namespace;
}

/// <summary>Another namespace the application uses (for example the one users' servers run in).</summary>
public sealed record KubernetesNamespaceAnnotation(object Name) : IResourceAnnotation;

/// <summary>Every namespace of the environment denies ingress to pods that no other policy lets traffic reach.</summary>
public sealed record DefaultDenyIngressAnnotation : IResourceAnnotation;

/// <summary>An Istio Gateway named <see cref="Name"/> for <see cref="Hosts"/>, TLS terminated with the secret
/// <see cref="CredentialName"/> (which lives in <see cref="IngressNamespace"/>, beside the ingress gateway's pods).</summary>
public sealed record IstioGatewayAnnotation(
    string Name,
    IReadOnlyList<ReferenceExpression> Hosts,
    object CredentialName,
    object IngressNamespace,
    IReadOnlyDictionary<string, string> Selector) : IResourceAnnotation;

/// <summary>
/// An NFS export made available as a ReadWriteMany claim <see cref="ClaimName"/> in the platform's namespace and
/// in each of <see cref="Namespaces"/>: one PersistentVolume per namespace, all pointing at the same export of
/// the server's Service.
/// </summary>
public sealed record NfsVolumeAnnotation(
    string ClaimName,
    EndpointReference Server,
    string ExportPath,
    object Capacity,
    IReadOnlyList<object> Namespaces) : IResourceAnnotation;

/// <summary>A NetworkPolicy of the environment.</summary>
public sealed record NetworkPolicyAnnotation(KubernetesNetworkPolicy Policy) : IResourceAnnotation;
