namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// Which traffic may reach a set of pods: those of <see cref="Workload"/>, or those labelled <see cref="PodLabels"/>
/// in <see cref="Namespace"/> (null: the platform's). Pods selected by a policy accept only what one of its rules
/// allows; egress is left alone, so DNS and the services' own connections keep working.
/// </summary>
public sealed class KubernetesNetworkPolicy
{
    private readonly List<KubernetesIngressRule> _ingress = [];

    public KubernetesNetworkPolicy(string name, IResource workload)
    {
        ResourceName.Validate(name);
        Name = name;
        Workload = workload;
    }

    public KubernetesNetworkPolicy(string name, object? @namespace, IReadOnlyDictionary<string, string> podLabels)
    {
        ResourceName.Validate(name);
        Name = name;
        Namespace = @namespace;
        PodLabels = podLabels;
    }

    public string Name { get; }

    public IResource? Workload { get; }

    public object? Namespace { get; }

    /// <summary>Empty: every pod of the namespace.</summary>
    public IReadOnlyDictionary<string, string> PodLabels { get; } = new Dictionary<string, string>();

    public IReadOnlyList<KubernetesIngressRule> Ingress => _ingress;

    /// <summary>From the pods of a resource of the platform, on these ports (none: every port).</summary>
    public KubernetesNetworkPolicy AllowFrom(IResourceBuilder<IResource> source, params int[] ports) =>
        Allow(new KubernetesPeer.Pods(source.Resource), ports);

    /// <summary>From every pod of the namespace a parameter names.</summary>
    public KubernetesNetworkPolicy AllowFromNamespace(IResourceBuilder<ParameterResource> @namespace, params int[] ports) =>
        Allow(new KubernetesPeer.AnyPodIn(@namespace.Resource), ports);

    /// <summary>From every pod of a namespace.</summary>
    public KubernetesNetworkPolicy AllowFromNamespace(string @namespace, params int[] ports) =>
        Allow(new KubernetesPeer.AnyPodIn(@namespace), ports);

    /// <summary>From every pod of the policy's own namespace.</summary>
    public KubernetesNetworkPolicy AllowFromSameNamespace(params int[] ports) => Allow(new KubernetesPeer.SameNamespace(), ports);

    /// <summary>From anywhere, nodes included (an NFS server that kubelets mount from).</summary>
    public KubernetesNetworkPolicy AllowFromAnywhere(params int[] ports) => Allow(null, ports);

    private KubernetesNetworkPolicy Allow(KubernetesPeer? from, int[] ports)
    {
        if (ports.Any(p => p is < 1 or > 65535))
        {
            throw new ArgumentOutOfRangeException(nameof(ports), $"NetworkPolicy '{Name}': ports are 1 to 65535.");
        }

        _ingress.Add(new KubernetesIngressRule(from, ports));
        return this;
    }
}

/// <summary>Traffic from <see cref="From"/> (null: anywhere) to <see cref="Ports"/> (empty: every port).</summary>
public sealed record KubernetesIngressRule(KubernetesPeer? From, IReadOnlyList<int> Ports);

/// <summary>Where allowed traffic comes from.</summary>
public abstract record KubernetesPeer
{
    private KubernetesPeer()
    {
    }

    /// <summary>The pods of a platform resource.</summary>
    public sealed record Pods(IResource Resource) : KubernetesPeer;

    /// <summary>Every pod of a namespace.</summary>
    public sealed record AnyPodIn(object Namespace) : KubernetesPeer;

    /// <summary>Every pod of the policy's namespace.</summary>
    public sealed record SameNamespace : KubernetesPeer;
}
