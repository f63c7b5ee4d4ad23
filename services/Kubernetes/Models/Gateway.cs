namespace Lakehouse.Kubernetes.Models;

/// <summary>An Istio networking.istio.io Gateway: which ingress pods serve which hosts on which ports.</summary>
public sealed record Gateway : KubernetesObject
{
    public GatewaySpec? Spec { get; init; }
}

public sealed record GatewaySpec
{
    public IDictionary<string, string>? Selector { get; init; }

    public IList<GatewayServer> Servers { get; init; } = [];
}

public sealed record GatewayServer
{
    public required GatewayPort Port { get; init; }

    public IList<string> Hosts { get; init; } = [];
}

public sealed record GatewayPort
{
    public int Number { get; init; }

    public string? Name { get; init; }

    public string? Protocol { get; init; }
}
