using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>What every part of a Kubernetes publish shares: the workloads, their values and the namespaces.</summary>
public sealed class KubernetesPublishContext(
    IReadOnlyDictionary<IResource, KubernetesWorkload> workloads,
    KubernetesEnvironmentResource? environment,
    PublishingOptions options)
{
    public IReadOnlyDictionary<IResource, KubernetesWorkload> Workloads { get; } = workloads;

    public InClusterValueResolver Resolver { get; } = new(workloads);

    public KubernetesEnvironmentResource? Environment { get; } = environment;

    public PublishingOptions Options { get; } = options;

    /// <summary>The platform's namespace; null without an environment (objects then go where kubectl points).</summary>
    public string? PlatformNamespace => Environment is null ? null : Namespace(Environment.Namespace);

    /// <summary>A namespace reference (a name or a parameter) as a validated name; null means the platform's.</summary>
    public string? Namespace(object? reference) => reference is null
        ? PlatformNamespace
        : KubernetesObjects.DnsLabel(Text(reference), "Namespace");

    /// <summary>The in-cluster text of a value that may not be secret (it goes into object specs).</summary>
    public string Text(object value)
    {
        var resolved = Resolver.Resolve(value);
        return resolved.IsSecret
            ? throw new PublishingException($"A secret value cannot be written into a Kubernetes object spec ({(value as IManifestExpressionProvider)?.ValueExpression ?? "a value"}).")
            : resolved.Value;
    }

    /// <summary>A storage size as a Kubernetes quantity.</summary>
    public string Quantity(object value)
    {
        var text = Text(value);
        return PublishingOptions.IsQuantity(text)
            ? text
            : throw new PublishingException($"'{text}' ({(value as IManifestExpressionProvider)?.ValueExpression ?? "a size"}) is not a storage quantity such as '1Gi' or '500Mi'.");
    }

    public KubernetesWorkload Workload(IResource resource) =>
        Workloads.TryGetValue(resource, out var workload)
            ? workload
            : throw new PublishingException($"'{resource.Name}' is not deployed to Kubernetes, so the cluster cannot refer to its pods.");

    /// <summary>The in-cluster DNS name of a workload's Service: <c>{service}.{namespace}.svc.cluster.local</c> (short without a namespace).</summary>
    public string ServiceHost(KubernetesWorkload workload) =>
        PlatformNamespace is { } ns ? $"{workload.ServiceName}.{ns}.svc.cluster.local" : workload.ServiceName;
}
