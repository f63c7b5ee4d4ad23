namespace Lakehouse.Spawner.Options;

/// <summary>
/// The platform's folders, from the <c>Lakehouse</c> section. <see cref="StateDirectory"/> (or
/// <c>LAKEHOUSE_STATE_DIR</c>, as the AppHost passes it) holds server logs and the spawner's records, and the homes
/// unless <see cref="HomesDirectory"/> puts them elsewhere: users must be able to walk down to their home, which a
/// private state folder may not allow.
/// </summary>
public sealed class DirectoryOptions
{
    public const string SectionName = "Lakehouse";

    public const string EnvironmentVariable = "LAKEHOUSE_STATE_DIR";

    public string? StateDirectory { get; set; }

    public string? HomesDirectory { get; set; }
}
