using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>
/// The objects of the Kubernetes environment, in its folder: Namespaces, the Istio Gateway, NetworkPolicies
/// (default deny, the declared ones, and one per gateway route admitting the ingress gateway), and for each NFS
/// volume a PersistentVolume and a ReadWriteMany claim per namespace.
/// </summary>
public sealed class KubernetesEnvironmentWriter(KubernetesPublishContext context)
{
    private const string Component = "cluster";
    private const string NamespaceLabel = "kubernetes.io/metadata.name";

    private KubernetesEnvironmentResource? Environment => context.Environment;

    /// <summary>The platform's namespace first, then the others; each once.</summary>
    public IReadOnlyList<string> Namespaces() => Environment is null
        ? []
        : new[] { context.PlatformNamespace! }
            .Concat(Environment.Annotations.OfType<KubernetesNamespaceAnnotation>().Select(n => context.Namespace(n.Name)!))
            .Distinct()
            .ToList();

    public IEnumerable<PublishedFile> WriteNamespaces() =>
        Namespaces().Select(ns => File($"namespace-{ns}.yaml", KubernetesObjects.Create("v1", "Namespace", ns, null, Labels(ns))));

    public IEnumerable<PublishedFile> WriteClusterObjects()
    {
        if (Environment is null)
        {
            return [];
        }

        var files = new List<PublishedFile>();
        if (Environment.Annotations.OfType<IstioGatewayAnnotation>().SingleOrDefault() is { } gateway)
        {
            files.Add(File("gateway.yaml", Gateway(gateway)));
        }

        if (Environment.Annotations.OfType<DefaultDenyIngressAnnotation>().Any())
        {
            files.AddRange(Namespaces().Select(ns => File($"networkpolicy-{ns}-default-deny-ingress.yaml", NetworkPolicy("default-deny-ingress", ns, new YamlMap(), []))));
        }

        foreach (var policy in Environment.Annotations.OfType<NetworkPolicyAnnotation>().Select(a => a.Policy))
        {
            var ns = policy.Workload is null ? context.Namespace(policy.Namespace)! : context.PlatformNamespace!;
            var selector = policy.Workload is { } workload
                ? KubernetesObjects.SelectorLabels(context.Workload(workload).Name)
                : policy.PodLabels.Aggregate(new YamlMap(), (map, label) => map.With(label.Key, label.Value));
            files.Add(File($"networkpolicy-{ns}-{policy.Name}.yaml", NetworkPolicy(policy.Name, ns, selector, policy.Ingress.Select(r => IngressRule(r, ns)).ToList())));
        }

        files.AddRange(GatewayRoutePolicies());
        foreach (var volume in Environment.Annotations.OfType<NfsVolumeAnnotation>())
        {
            files.AddRange(NfsVolume(volume));
        }

        return files;
    }

    private YamlMap Gateway(IstioGatewayAnnotation gateway)
    {
        var hosts = gateway.Hosts.Select(h => context.Text(h)).ToList();
        return KubernetesObjects.Create("networking.istio.io/v1", "Gateway", gateway.Name, context.PlatformNamespace, Labels(gateway.Name))
            .With("spec", new YamlMap()
                .With("selector", gateway.Selector.Aggregate(new YamlMap(), (map, label) => map.With(label.Key, label.Value)))
                .With("servers", new List<YamlMap>
                {
                    // TLS ends here; the platform behind it speaks plain HTTP inside the mesh.
                    new YamlMap()
                        .With("port", new YamlMap().With("number", 443).With("name", "https").With("protocol", "HTTPS"))
                        .With("hosts", hosts)
                        .With("tls", new YamlMap().With("mode", "SIMPLE").With("credentialName", context.Text(gateway.CredentialName))),
                    new YamlMap()
                        .With("port", new YamlMap().With("number", 80).With("name", "http").With("protocol", "HTTP"))
                        .With("hosts", hosts)
                        .With("tls", new YamlMap().With("httpsRedirect", true)),
                }));
    }

    /// <summary>A workload the gateway routes to accepts that port from the ingress gateway's namespace.</summary>
    private IEnumerable<PublishedFile> GatewayRoutePolicies()
    {
        var gateway = Environment!.Annotations.OfType<IstioGatewayAnnotation>().SingleOrDefault();
        foreach (var workload in context.Workloads.Values)
        {
            if (workload.Resource.Annotations.OfType<GatewayRouteAnnotation>().FirstOrDefault() is not { } route || gateway is null)
            {
                continue;
            }

            var ns = context.PlatformNamespace!;
            var name = $"{workload.Name}-from-gateway";
            var rule = new KubernetesIngressRule(new KubernetesPeer.AnyPodIn(gateway.IngressNamespace), [workload.Port(route.EndpointName).ContainerPort]);
            yield return File($"networkpolicy-{ns}-{name}.yaml", NetworkPolicy(name, ns, KubernetesObjects.SelectorLabels(workload.Name), [IngressRule(rule, ns)]));
        }
    }

    private YamlMap NetworkPolicy(string name, string ns, YamlMap podSelector, List<YamlMap> ingress)
    {
        var spec = new YamlMap()
            .Set("podSelector", new YamlMap().With("matchLabels", podSelector))
            .With("policyTypes", new List<string> { "Ingress" });
        if (ingress.Count > 0)
        {
            spec.Add("ingress", ingress);
        }

        return KubernetesObjects.Create("networking.k8s.io/v1", "NetworkPolicy", name, ns, Labels(name)).With("spec", spec);
    }

    private YamlMap IngressRule(KubernetesIngressRule rule, string policyNamespace)
    {
        var map = new YamlMap();
        if (rule.From is { } from)
        {
            map.Add("from", new List<YamlMap> { Peer(from, policyNamespace) });
        }

        return map.With("ports", rule.Ports.Select(p => new YamlMap().With("protocol", "TCP").With("port", p)).ToList());
    }

    private YamlMap Peer(KubernetesPeer peer, string policyNamespace) => peer switch
    {
        // Both selectors in one peer: those pods, in that namespace.
        KubernetesPeer.Pods pods => new YamlMap()
            .With("namespaceSelector", policyNamespace == context.PlatformNamespace ? null : NamespaceSelector(context.PlatformNamespace!))
            .With("podSelector", new YamlMap().With("matchLabels", KubernetesObjects.SelectorLabels(context.Workload(pods.Resource).Name))),
        KubernetesPeer.AnyPodIn anyPod => new YamlMap().With("namespaceSelector", NamespaceSelector(context.Namespace(anyPod.Namespace)!)),
        KubernetesPeer.SameNamespace => new YamlMap().Set("podSelector", new YamlMap()),
        _ => throw new PublishingException($"Unknown NetworkPolicy peer {peer}."),
    };

    private static YamlMap NamespaceSelector(string ns) => new YamlMap().With("matchLabels", new YamlMap().With(NamespaceLabel, ns));

    /// <summary>One PersistentVolume per namespace (a volume binds one claim), each pre-bound to the claim there.</summary>
    private IEnumerable<PublishedFile> NfsVolume(NfsVolumeAnnotation volume)
    {
        var server = context.Workload(volume.Server.Resource);
        var port = server.Port(volume.Server.EndpointName);
        var capacity = context.Quantity(volume.Capacity);
        var namespaces = new[] { context.PlatformNamespace! }.Concat(volume.Namespaces.Select(n => context.Namespace(n)!)).Distinct();
        foreach (var ns in namespaces)
        {
            var volumeName = KubernetesObjects.DnsLabel($"{ns}-{volume.ClaimName}", "PersistentVolume");
            yield return File($"persistentvolume-{volumeName}.yaml", KubernetesObjects.Create("v1", "PersistentVolume", volumeName, null, Labels(volumeName))
                .With("spec", new YamlMap()
                    .With("capacity", new YamlMap().With("storage", capacity))
                    .With("accessModes", new List<string> { "ReadWriteMany" })
                    .With("persistentVolumeReclaimPolicy", "Retain")
                    // No storage class: this volume is bound by name, never provisioned.
                    .With("storageClassName", "")
                    .With("mountOptions", new List<string?> { "nfsvers=4.1", port.ServicePort == 2049 ? null : $"port={port.ServicePort}" }.OfType<string>().ToList())
                    .With("nfs", new YamlMap().With("server", context.ServiceHost(server)).With("path", volume.ExportPath))
                    .With("claimRef", new YamlMap().With("namespace", ns).With("name", volume.ClaimName))));
            yield return File($"claim-{ns}-{volume.ClaimName}.yaml", KubernetesObjects.Create("v1", "PersistentVolumeClaim", volume.ClaimName, ns, Labels(volume.ClaimName))
                .With("spec", new YamlMap()
                    .With("accessModes", new List<string> { "ReadWriteMany" })
                    .With("storageClassName", "")
                    .With("volumeName", volumeName)
                    .With("resources", new YamlMap().With("requests", new YamlMap().With("storage", capacity)))));
        }
    }

    private static YamlMap Labels(string name) => KubernetesObjects.Labels(name, Component);

    private PublishedFile File(string fileName, YamlMap document) =>
        new($"{Environment!.Name.ToLowerInvariant()}/{fileName}", KubernetesYaml.Serialize(document));
}
