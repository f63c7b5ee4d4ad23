namespace Lakehouse.Kubernetes.Models;

/// <summary>An Istio networking.istio.io VirtualService: hosts on gateways, HTTP routes to destinations.</summary>
public sealed record VirtualService : KubernetesObject
{
    public VirtualServiceSpec? Spec { get; init; }
}

public sealed record VirtualServiceSpec
{
    public IList<string> Hosts { get; init; } = [];

    public IList<string>? Gateways { get; init; }

    public IList<HttpRoute>? Http { get; init; }
}

public sealed record HttpRoute
{
    public string? Name { get; init; }

    public IList<HttpMatchRequest>? Match { get; init; }

    public IList<HttpRouteDestination> Route { get; init; } = [];
}

public sealed record HttpMatchRequest
{
    public StringMatch? Uri { get; init; }
}

public sealed record StringMatch
{
    public string? Prefix { get; init; }

    public string? Exact { get; init; }
}

public sealed record HttpRouteDestination
{
    public required Destination Destination { get; init; }

    public int? Weight { get; init; }
}

public sealed record Destination
{
    public required string Host { get; init; }

    public PortSelector? Port { get; init; }
}

public sealed record PortSelector
{
    public int Number { get; init; }
}
