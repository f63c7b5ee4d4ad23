using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>
/// The objects that make up one workload's pods: its ServiceAccount and Roles, the Deployment, StatefulSet or
/// DaemonSet with probes, security context and mounts, its own claims and its files' ConfigMap.
/// </summary>
public sealed class KubernetesPodWriter(KubernetesWorkload workload, KubernetesPublishContext context)
{
    private const string FilesVolumeName = "files";

    private static readonly HashSet<string> RoleVerbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

    private readonly string? _namespace = context.PlatformNamespace;

    private IResource Resource => workload.Resource;

    private IReadOnlyList<KubernetesRoleAnnotation> Roles => Resource.Annotations.OfType<KubernetesRoleAnnotation>().ToList();

    private IReadOnlyList<ConfigFileAnnotation> Files => Resource.Annotations.OfType<ConfigFileAnnotation>().ToList();

    public string Kind => Resource.Annotations.OfType<DaemonSetAnnotation>().Any() ? "DaemonSet"
        : workload.IsStateful ? "StatefulSet"
        : "Deployment";

    /// <summary>Every workload has its own ServiceAccount; its token is mounted only when it has a Role to use it for.</summary>
    public YamlMap ServiceAccount() =>
        KubernetesManifestWriter.KubernetesObject("v1", "ServiceAccount", workload.Name, _namespace, workload)
            .With("automountServiceAccountToken", Roles.Count > 0);

    /// <summary>A Role and a RoleBinding per namespace the resource was given rules in, exactly those rules.</summary>
    public IEnumerable<(string Namespace, YamlMap Document)> RolesAndBindings()
    {
        if (Roles.Count == 0)
        {
            yield break;
        }

        var serviceAccountNamespace = _namespace
            ?? throw new PublishingException($"'{Resource.Name}' has a Kubernetes Role, which needs a namespace for its ServiceAccount: declare one with AddKubernetesEnvironment.");
        foreach (var group in Roles.GroupBy(r => context.Namespace(r.Namespace)!))
        {
            var rules = group.SelectMany(r => r.Rules).Select(Rule).ToList();
            yield return (group.Key, KubernetesManifestWriter.KubernetesObject("rbac.authorization.k8s.io/v1", "Role", workload.Name, group.Key, workload)
                .With("rules", rules));
            yield return (group.Key, KubernetesManifestWriter.KubernetesObject("rbac.authorization.k8s.io/v1", "RoleBinding", workload.Name, group.Key, workload)
                .With("roleRef", new YamlMap()
                    .With("apiGroup", "rbac.authorization.k8s.io")
                    .With("kind", "Role")
                    .With("name", workload.Name))
                .With("subjects", new List<YamlMap>
                {
                    new YamlMap().With("kind", "ServiceAccount").With("name", workload.Name).With("namespace", serviceAccountNamespace),
                }));
        }
    }

    private YamlMap Rule(KubernetesPolicyRule rule)
    {
        if (rule.Verbs.Count == 0 || rule.Resources.Count == 0 || rule.Verbs.Any(v => !RoleVerbs.Contains(v)) || rule.Resources.Any(r => r is "*" or "") || rule.ApiGroup == "*")
        {
            throw new PublishingException(
                $"A Role rule of '{Resource.Name}' must name its resources and verbs ({string.Join(", ", RoleVerbs)}); wildcards are never granted.");
        }

        return new YamlMap()
            .Set("apiGroups", new List<string> { rule.ApiGroup })
            .With("resources", rule.Resources.ToList())
            .With("verbs", rule.Verbs.ToList());
    }

    /// <summary>The claims of the resource's own (<see cref="PersistentVolumeClaimAnnotation"/>).</summary>
    public IEnumerable<(string Name, YamlMap Document)> Claims() =>
        Resource.Annotations.OfType<PersistentVolumeClaimAnnotation>().Select(claim => (claim.Name, KubernetesManifestWriter
            .KubernetesObject("v1", "PersistentVolumeClaim", KubernetesObjects.DnsLabel(claim.Name, "Claim"), _namespace, workload)
            .With("spec", new YamlMap()
                .With("accessModes", new List<string> { "ReadWriteOnce" })
                .With("resources", new YamlMap().With("requests", new YamlMap().With("storage", context.Quantity(claim.Size)))))));

    /// <summary>The ConfigMap <c>{name}-files</c> holding the files of <see cref="ConfigFileAnnotation"/>, or null.</summary>
    public YamlMap? ConfigFiles()
    {
        if (Files.Count == 0)
        {
            return null;
        }

        var data = new YamlMap();
        foreach (var file in Files)
        {
            var key = FileKey(file);
            if (data.ContainsKey(key))
            {
                throw new PublishingException($"'{Resource.Name}' has two files named '{key}'; ConfigMap keys must differ.");
            }

            data.Add(key, file.Content);
        }

        return KubernetesManifestWriter.KubernetesObject("v1", "ConfigMap", FilesConfigMapName, _namespace, workload).With("data", data);
    }

    private string FilesConfigMapName => $"{workload.Name}-files";

    private static string FileKey(ConfigFileAnnotation file) => Path.GetFileName(file.Path);

    public YamlMap Workload(IReadOnlyList<string> args, bool hasConfig, bool hasSecrets)
    {
        var kind = Kind;
        if (kind == "DaemonSet" && workload.Volumes.Count > 0)
        {
            throw new PublishingException($"'{Resource.Name}' runs on every node (PublishAsDaemonSet), so it cannot have volumes of its own: mount a host path instead.");
        }

        var container = new YamlMap()
            .With("name", workload.Name)
            .With("image", workload.Image)
            .With("imagePullPolicy", "IfNotPresent")
            .With("args", args.ToList())
            .With("ports", workload.Ports.Select(p => new YamlMap()
                .With("name", KubernetesObjects.IsPortName(p.Name) ? p.Name : null)
                .With("containerPort", p.ContainerPort)
                .With("protocol", "TCP")).ToList())
            .With("env", Resource.Annotations.OfType<PodFieldEnvironmentAnnotation>().Select(e => new YamlMap()
                .With("name", e.Name)
                .With("valueFrom", new YamlMap().With("fieldRef", new YamlMap().With("fieldPath", e.FieldPath)))).ToList())
            .With("envFrom", new List<YamlMap?>
            {
                hasConfig ? new YamlMap().With("configMapRef", new YamlMap().With("name", workload.ConfigMapName)) : null,
                hasSecrets ? new YamlMap().With("secretRef", new YamlMap().With("name", workload.SecretName)) : null,
            }.OfType<YamlMap>().ToList());

        foreach (var (probe, definition) in Probes())
        {
            container.Add(probe, definition);
        }

        var (volumes, mounts) = Volumes();
        container
            .With("volumeMounts", mounts)
            .With("securityContext", ContainerSecurity());

        var runAsRoot = Resource.Annotations.OfType<RunAsRootAnnotation>().Any();
        var podSecurity = new YamlMap()
            .With("runAsNonRoot", Resource is ProjectResource && !runAsRoot ? true : null)
            .With("seccompProfile", new YamlMap().With("type", "RuntimeDefault"));

        var hasOwnClaims = Resource.Annotations.OfType<PersistentVolumeClaimAnnotation>().Any();
        var spec = new YamlMap()
            .With("replicas", kind == "DaemonSet" ? null : 1)
            .With("serviceName", kind == "StatefulSet" && workload.Ports.Count > 0 ? workload.ServiceName : null)
            .With("selector", new YamlMap().With("matchLabels", KubernetesObjects.SelectorLabels(workload.Name)))
            // A ReadWriteOnce claim can be mounted by one pod: the old pod goes before the new one comes.
            .With("strategy", kind == "Deployment" && hasOwnClaims ? new YamlMap().With("type", "Recreate") : null)
            .With("template", new YamlMap()
                .With("metadata", new YamlMap().With("labels", KubernetesObjects.Labels(workload.Name, workload.Component)))
                .With("spec", new YamlMap()
                    .With("serviceAccountName", workload.Name)
                    .With("automountServiceAccountToken", Roles.Count > 0)
                    .With("securityContext", podSecurity)
                    .With("containers", new List<YamlMap> { container })
                    .With("volumes", volumes)));
        if (kind == "StatefulSet")
        {
            spec.With("volumeClaimTemplates", workload.Volumes.Select(v => new YamlMap()
                .With("metadata", new YamlMap().With("name", VolumeName(v)).With("labels", KubernetesObjects.Labels(workload.Name, workload.Component)))
                .With("spec", new YamlMap()
                    .With("accessModes", new List<string> { "ReadWriteOnce" })
                    .With("resources", new YamlMap().With("requests", new YamlMap().With("storage", context.Options.VolumeSize))))).ToList());
        }

        return KubernetesManifestWriter.KubernetesObject("apps/v1", kind, workload.Name, _namespace, workload).With("spec", spec);
    }

    private YamlMap ContainerSecurity()
    {
        if (Resource.Annotations.OfType<RunAsRootAnnotation>().LastOrDefault() is { } root)
        {
            // Root for file ownership or node files, but only the capabilities asked for.
            return new YamlMap()
                .With("allowPrivilegeEscalation", false)
                .With("runAsUser", 0)
                .With("runAsNonRoot", false)
                .With("capabilities", new YamlMap()
                    .With("drop", new List<string> { "ALL" })
                    .With("add", root.Capabilities.Select(c => c.ToUpperInvariant()).Distinct().ToList()));
        }

        return Resource is ProjectResource
            // Projects run as the .NET images' non-root user and need no privilege at all.
            ? new YamlMap()
                .With("allowPrivilegeEscalation", false)
                .With("runAsNonRoot", true)
                .With("capabilities", new YamlMap().With("drop", new List<string> { "ALL" }))
            // Third-party images may switch users in their entrypoint, so they keep their capabilities but cannot gain more.
            : new YamlMap().With("allowPrivilegeEscalation", false);
    }

    /// <summary>The pod's volumes and the container's mounts: claim templates (StatefulSets), claims, host paths, files.</summary>
    private (List<YamlMap> Volumes, List<YamlMap> Mounts) Volumes()
    {
        var volumes = new List<YamlMap>();
        var mounts = workload.Volumes.Select(v => new YamlMap()
            .With("name", VolumeName(v))
            .With("mountPath", v.Target)
            .With("readOnly", v.IsReadOnly ? true : null)).ToList();

        foreach (var claim in Resource.Annotations.OfType<PersistentVolumeClaimAnnotation>())
        {
            volumes.Add(new YamlMap().With("name", claim.Name).With("persistentVolumeClaim", new YamlMap().With("claimName", claim.Name)));
            mounts.Add(new YamlMap().With("name", claim.Name).With("mountPath", claim.MountPath));
        }

        foreach (var (claim, index) in Resource.Annotations.OfType<VolumeClaimMountAnnotation>().Select((c, i) => (c, i)))
        {
            KubernetesObjects.DnsLabel(claim.ClaimName, "Claim");
            var name = KubernetesObjects.DnsLabel($"claim-{index}-{claim.ClaimName}", $"Volume of '{Resource.Name}'");
            volumes.Add(new YamlMap().With("name", name).With("persistentVolumeClaim", new YamlMap().With("claimName", claim.ClaimName)));
            mounts.Add(new YamlMap().With("name", name).With("mountPath", claim.MountPath).With("subPath", claim.SubPath));
        }

        foreach (var (host, index) in Resource.Annotations.OfType<HostPathMountAnnotation>().Select((h, i) => (h, i)))
        {
            var name = $"host-{index}";
            volumes.Add(new YamlMap().With("name", name).With("hostPath", new YamlMap().With("path", host.HostPath).With("type", host.Type)));
            mounts.Add(new YamlMap().With("name", name).With("mountPath", host.MountPath).With("readOnly", host.IsReadOnly ? true : null));
        }

        if (Files.Count > 0)
        {
            volumes.Add(new YamlMap().With("name", FilesVolumeName).With("configMap", new YamlMap().With("name", FilesConfigMapName)));
            mounts.AddRange(Files.Select(f => new YamlMap()
                .With("name", FilesVolumeName)
                .With("mountPath", f.Path)
                .With("subPath", FileKey(f))
                .With("readOnly", true)));
        }

        var clash = mounts.GroupBy(m => (string)m["mountPath"]).FirstOrDefault(g => g.Count() > 1);
        return clash is null
            ? (volumes, mounts)
            : throw new PublishingException($"'{Resource.Name}' mounts two volumes at '{clash.Key}'.");
    }

    /// <summary>Projects are probed on ServiceDefaults' endpoints (readiness /health, liveness /alive); other
    /// resources are probed for readiness the way the AppHost checks them locally.</summary>
    private IEnumerable<(string Name, YamlMap Probe)> Probes()
    {
        if (Resource is ProjectResource)
        {
            var http = workload.Ports.FirstOrDefault(p => p.Endpoint.Name == "http") ?? workload.Ports.FirstOrDefault(p => p.Endpoint.IsHttp);
            if (http is not null)
            {
                yield return ("readinessProbe", HttpProbe("/health", http));
                yield return ("livenessProbe", HttpProbe("/alive", http));
            }

            yield break;
        }

        foreach (var check in Resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            var probe = check switch
            {
                HttpHealthCheckAnnotation httpCheck when workload.Ports.FirstOrDefault(p => p.Endpoint.Name == httpCheck.EndpointName) is { } port =>
                    HttpProbe(httpCheck.Path, port),
                TcpHealthCheckAnnotation tcpCheck when workload.Ports.FirstOrDefault(p => p.Endpoint.Name == tcpCheck.EndpointName) is { } port =>
                    Probe(new YamlMap().With("tcpSocket", new YamlMap().With("port", port.ContainerPort))),
                _ => null,
            };
            if (probe is not null)
            {
                yield return ("readinessProbe", probe);
                yield break;
            }
        }
    }

    private static YamlMap HttpProbe(string path, KubernetesPort port) =>
        Probe(new YamlMap().With("httpGet", new YamlMap()
            .With("path", path)
            .With("port", port.ContainerPort)
            .With("scheme", port.Endpoint.UriScheme == "https" ? "HTTPS" : "HTTP")));

    private static YamlMap Probe(YamlMap handler)
    {
        handler.With("periodSeconds", 10).With("timeoutSeconds", 5).With("failureThreshold", 3);
        return handler;
    }

    private string VolumeName(ContainerVolumeAnnotation volume) =>
        KubernetesObjects.DnsLabel(volume.Name.ToLowerInvariant(), $"Volume of '{Resource.Name}'");
}
