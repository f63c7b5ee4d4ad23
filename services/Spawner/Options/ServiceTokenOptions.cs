namespace Lakehouse.Spawner.Options;

/// <summary>
/// The bearer tokens of the services allowed to call the spawner (<c>Lakehouse:ServiceTokens</c>): the hub may do
/// everything, the route controller may only read. An unset token lets nobody in under that name.
/// </summary>
public sealed class ServiceTokenOptions
{
    public const string SectionName = "Lakehouse:ServiceTokens";

    public string? Hub { get; set; }

    public string? RouteController { get; set; }

    /// <summary>The spawner's own token, which it presents to the fileserver (never accepted by the spawner).</summary>
    public string? Spawner { get; set; }
}
