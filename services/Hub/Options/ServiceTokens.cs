namespace Lakehouse.Hub.Options;

/// <summary>Service credentials: the hub's own (to call the spawner) and the route controller's (to call the hub).</summary>
public sealed class ServiceTokens
{
    public string? Hub { get; set; }

    public string? RouteController { get; set; }
}
