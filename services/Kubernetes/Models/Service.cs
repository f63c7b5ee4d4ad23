namespace Lakehouse.Kubernetes.Models;

/// <summary>A core/v1 Service.</summary>
public sealed record Service : KubernetesObject
{
    public ServiceSpec? Spec { get; init; }
}

public sealed record ServiceSpec
{
    public IDictionary<string, string>? Selector { get; init; }

    public IList<ServicePort> Ports { get; init; } = [];

    public string? Type { get; init; }

    public string? ClusterIP { get; init; }
}

public sealed record ServicePort
{
    public required string Name { get; init; }

    public required int Port { get; init; }

    public IntOrString? TargetPort { get; init; }

    public string? Protocol { get; init; }

    public string? AppProtocol { get; init; }
}
