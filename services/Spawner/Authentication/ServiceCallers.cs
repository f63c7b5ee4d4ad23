namespace Lakehouse.Spawner.Authentication;

/// <summary>Who may call the spawner, and the policies that say what each caller may do.</summary>
public static class ServiceCallers
{
    public const string Hub = "hub";
    public const string RouteController = "route-controller";

    /// <summary>Any known service: list, get, follow progress and events.</summary>
    public const string ReadPolicy = "spawner.read";

    /// <summary>The hub only: start and stop servers.</summary>
    public const string ManagePolicy = "spawner.manage";
}
