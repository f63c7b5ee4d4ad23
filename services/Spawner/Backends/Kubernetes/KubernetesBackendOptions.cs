using Lakehouse.Kubernetes.Naming;

namespace Lakehouse.Spawner.Backends.Kubernetes;

/// <summary>The pod backend's settings (<c>Spawner:Kubernetes</c>); the cluster itself is the <c>Kubernetes</c> section's.</summary>
public sealed class KubernetesBackendOptions
{
    public const string SectionName = "Spawner:Kubernetes";

    /// <summary>Where the pods go; the client's namespace (the <c>Kubernetes</c> section's, or the context's) when unset.</summary>
    public string? Namespace { get; set; }

    /// <summary><c>{username}</c> is replaced by the escaped user name; the original used <c>jupyterhub-jupyter-{username}</c>.</summary>
    public string PodNameTemplate { get; set; } = LabNames.DefaultPodNameTemplate;

    /// <summary>The ReadWriteMany claim holding every home; each lab mounts its <c>{username}</c> subPath.</summary>
    public string HomeClaim { get; set; } = "homes";

    /// <summary>
    /// Instead of a subPath of <see cref="HomeClaim"/>: a claim per user, <c>claim-{username}</c>, created when missing
    /// (ReadWriteOnce, <see cref="HomeClaimSize"/>), as in the original.
    /// </summary>
    public bool PerUserClaims { get; set; }

    public string HomeClaimSize { get; set; } = "10Gi";

    /// <summary>The profile used for every server (the hub offers no choice yet).</summary>
    public string Profile { get; set; } = "default";

    /// <summary>Images, commands and sizes by name; <c>default</c> exists unless replaced.</summary>
    public Dictionary<string, ServerProfile> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Jupyter's port in the pod.</summary>
    public int ServerPort { get; set; } = 8888;

    /// <summary>Where notebooks' Spark sessions connect (<c>spark://spark-master-svc.spark:7077</c>); none: Spark runs locally.</summary>
    public string? SparkMasterUrl { get; set; }

    /// <summary>How often a starting pod's status and events are read.</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public ServerProfile ChosenProfile =>
        Profiles.TryGetValue(Profile, out var profile) ? profile
        : Profile == "default" ? new ServerProfile()
        : throw new InvalidOperationException($"There is no profile '{Profile}'.");
}

/// <summary>What a server runs: image, command (<c>{username}</c> and <c>{port}</c> replaced) and its resources.</summary>
public sealed class ServerProfile
{
    public string Image { get; set; } = "lakehouse-notebook:latest";

    public List<string> Command { get; set; } =
    [
        "jupyter", "server", "--no-browser", "--ip=0.0.0.0", "--port={port}", "--ServerApp.port_retries=0",
        "--ServerApp.base_url=/user/{username}/", "--ServerApp.default_url=/tree",
    ];

    public string CpuRequest { get; set; } = "500m";

    public string CpuLimit { get; set; } = "2";

    public string MemoryRequest { get; set; } = "1Gi";

    public string MemoryLimit { get; set; } = "4Gi";
}
