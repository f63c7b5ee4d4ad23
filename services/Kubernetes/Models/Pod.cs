using System.Text.Json.Serialization;

namespace Lakehouse.Kubernetes.Models;

/// <summary>A core/v1 Pod, with the parts of its spec and status a user's server needs.</summary>
public sealed record Pod : KubernetesObject
{
    public PodSpec? Spec { get; init; }

    public PodStatus? Status { get; init; }
}

public sealed record PodSpec
{
    public IList<Container> Containers { get; init; } = [];

    public IList<Container>? InitContainers { get; init; }

    public IList<Volume>? Volumes { get; init; }

    public PodSecurityContext? SecurityContext { get; init; }

    public bool? AutomountServiceAccountToken { get; init; }

    public string? ServiceAccountName { get; init; }

    public string? RestartPolicy { get; init; }

    public long? TerminationGracePeriodSeconds { get; init; }

    public string? Hostname { get; init; }

    public string? NodeName { get; init; }

    public bool? EnableServiceLinks { get; init; }
}

public sealed record Container
{
    public required string Name { get; init; }

    public string? Image { get; init; }

    public string? ImagePullPolicy { get; init; }

    public IList<string>? Command { get; init; }

    public IList<string>? Args { get; init; }

    public string? WorkingDir { get; init; }

    public IList<ContainerPort>? Ports { get; init; }

    public IList<EnvVar>? Env { get; init; }

    public ResourceRequirements? Resources { get; init; }

    public IList<VolumeMount>? VolumeMounts { get; init; }

    public SecurityContext? SecurityContext { get; init; }
}

public sealed record ContainerPort
{
    [JsonPropertyName("containerPort")]
    public required int Number { get; init; }

    public string? Name { get; init; }

    public string? Protocol { get; init; }
}

public sealed record EnvVar(string Name, string? Value);

/// <summary>Requests and limits by resource name (<c>cpu</c>, <c>memory</c>), as quantities (<c>500m</c>, <c>2Gi</c>).</summary>
public sealed record ResourceRequirements
{
    public IDictionary<string, string>? Requests { get; init; }

    public IDictionary<string, string>? Limits { get; init; }
}

public sealed record PodSecurityContext
{
    public long? RunAsUser { get; init; }

    public long? RunAsGroup { get; init; }

    public bool? RunAsNonRoot { get; init; }

    public long? FsGroup { get; init; }

    public IList<long>? SupplementalGroups { get; init; }
}

public sealed record SecurityContext
{
    public bool? AllowPrivilegeEscalation { get; init; }

    public bool? RunAsNonRoot { get; init; }

    public Capabilities? Capabilities { get; init; }
}

public sealed record Capabilities
{
    public IList<string>? Drop { get; init; }

    public IList<string>? Add { get; init; }
}

public sealed record Volume
{
    public required string Name { get; init; }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; init; }
}

public sealed record PersistentVolumeClaimVolumeSource
{
    public required string ClaimName { get; init; }

    public bool? ReadOnly { get; init; }
}

public sealed record VolumeMount
{
    public required string Name { get; init; }

    public required string MountPath { get; init; }

    public string? SubPath { get; init; }

    public bool? ReadOnly { get; init; }
}

public sealed record PodStatus
{
    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string? Phase { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }

    public string? PodIP { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public IList<PodCondition>? Conditions { get; init; }

    public IList<ContainerStatus>? ContainerStatuses { get; init; }
}

public sealed record PodCondition
{
    public required string Type { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}

public sealed record ContainerStatus
{
    public required string Name { get; init; }

    public bool Ready { get; init; }

    public int RestartCount { get; init; }

    public string? Image { get; init; }

    public ContainerState? State { get; init; }
}

public sealed record ContainerState
{
    public ContainerStateWaiting? Waiting { get; init; }

    public ContainerStateRunning? Running { get; init; }

    public ContainerStateTerminated? Terminated { get; init; }
}

public sealed record ContainerStateWaiting
{
    public string? Reason { get; init; }

    public string? Message { get; init; }
}

public sealed record ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; init; }
}

public sealed record ContainerStateTerminated
{
    public int ExitCode { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}
