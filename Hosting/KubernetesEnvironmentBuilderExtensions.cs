using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

/// <summary>The cluster as a whole: namespaces, gateway, NetworkPolicies and NFS volumes. Published only.</summary>
public static class KubernetesEnvironmentBuilderExtensions
{
    /// <summary>The cluster the application is published to; every object of the platform goes into <paramref name="namespace"/>.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> AddKubernetesEnvironment(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> @namespace) =>
        builder.AddResource(new KubernetesEnvironmentResource(name, @namespace.Resource));

    /// <summary>Another namespace the application uses; the objects the environment puts there are created with it.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithNamespace(
        this IResourceBuilder<KubernetesEnvironmentResource> builder, IResourceBuilder<ParameterResource> @namespace) =>
        builder.WithAnnotation(new KubernetesNamespaceAnnotation(@namespace.Resource));

    /// <summary>In every namespace of the environment, pods accept only the traffic a NetworkPolicy allows.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithDefaultDenyIngress(this IResourceBuilder<KubernetesEnvironmentResource> builder) =>
        builder.WithAnnotation(new DefaultDenyIngressAnnotation());

    /// <summary>An Istio Gateway for <paramref name="hosts"/> on HTTPS (HTTP answers with a redirect), the certificate
    /// from the secret <paramref name="credentialName"/> in the ingress gateway's namespace.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithIstioGateway(
        this IResourceBuilder<KubernetesEnvironmentResource> builder,
        string name,
        IResourceBuilder<ParameterResource> credentialName,
        IResourceBuilder<ParameterResource> ingressNamespace,
        params ReferenceExpression[] hosts)
    {
        ResourceName.Validate(name);
        if (hosts.Length == 0)
        {
            throw new ArgumentException("A gateway needs at least one host.", nameof(hosts));
        }

        if (builder.Resource.Annotations.OfType<IstioGatewayAnnotation>().Any())
        {
            throw new DistributedApplicationException($"Kubernetes environment '{builder.Resource.Name}' already has a gateway.");
        }

        return builder.WithAnnotation(new IstioGatewayAnnotation(
            name, hosts, credentialName.Resource, ingressNamespace.Resource, new Dictionary<string, string> { ["istio"] = "ingressgateway" }));
    }

    /// <summary>A NetworkPolicy for the pods of a platform resource.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithNetworkPolicy(
        this IResourceBuilder<KubernetesEnvironmentResource> builder, string name, IResourceBuilder<IResource> pods, Action<KubernetesNetworkPolicy> configure) =>
        builder.WithNetworkPolicy(new KubernetesNetworkPolicy(name, pods.Resource), configure);

    /// <summary>A NetworkPolicy for the pods labelled <paramref name="podLabels"/> in a namespace (null: the platform's; no labels: every pod).</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithNetworkPolicy(
        this IResourceBuilder<KubernetesEnvironmentResource> builder,
        string name,
        IResourceBuilder<ParameterResource>? @namespace,
        IReadOnlyDictionary<string, string> podLabels,
        Action<KubernetesNetworkPolicy> configure) =>
        builder.WithNetworkPolicy(new KubernetesNetworkPolicy(name, @namespace?.Resource, podLabels), configure);

    /// <summary>
    /// The NFS export <paramref name="exportPath"/> of <paramref name="server"/>'s Service as a ReadWriteMany claim
    /// <paramref name="claimName"/> in the platform's namespace and in <paramref name="namespaces"/>, each bound to a
    /// PersistentVolume of its own (a claim binds one volume; the export is the same).
    /// </summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithNfsVolume(
        this IResourceBuilder<KubernetesEnvironmentResource> builder,
        string claimName,
        EndpointReference server,
        string exportPath,
        IResourceBuilder<ParameterResource> capacity,
        params IResourceBuilder<ParameterResource>[] namespaces)
    {
        ResourceName.Validate(claimName);
        if (exportPath is not ['/', ..])
        {
            throw new ArgumentException($"NFS export path '{exportPath}' must be absolute.", nameof(exportPath));
        }

        return builder.WithAnnotation(new NfsVolumeAnnotation(claimName, server, exportPath, capacity.Resource, namespaces.Select(n => (object)n.Resource).ToList()));
    }

    private static IResourceBuilder<KubernetesEnvironmentResource> WithNetworkPolicy(
        this IResourceBuilder<KubernetesEnvironmentResource> builder, KubernetesNetworkPolicy policy, Action<KubernetesNetworkPolicy> configure)
    {
        if (builder.Resource.Annotations.OfType<NetworkPolicyAnnotation>().Any(p => p.Policy.Name == policy.Name))
        {
            throw new DistributedApplicationException($"Kubernetes environment '{builder.Resource.Name}' already has a NetworkPolicy named '{policy.Name}'.");
        }

        configure(policy);
        return builder.WithAnnotation(new NetworkPolicyAnnotation(policy));
    }
}
