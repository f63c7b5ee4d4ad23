namespace Lakehouse.FileServer.Options;

/// <summary>
/// The bearer tokens of the services allowed to call the fileserver (<c>Lakehouse:ServiceTokens</c>): the hub may do
/// everything, the spawner may ensure and read homes. An unset token lets nobody in under that name.
/// </summary>
public sealed class ServiceTokenOptions
{
    public const string SectionName = "Lakehouse:ServiceTokens";

    public string? Hub { get; set; }

    public string? Spawner { get; set; }
}
