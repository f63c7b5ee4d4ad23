namespace Lakehouse.Spawner.Options;

/// <summary>
/// The platform's state folder (<c>Lakehouse:StateDirectory</c>, or <c>LAKEHOUSE_STATE_DIR</c> as the AppHost passes
/// it): homes, server logs and the spawner's records live under it.
/// </summary>
public sealed class StateDirectoryOptions
{
    public const string SectionName = "Lakehouse";

    public const string EnvironmentVariable = "LAKEHOUSE_STATE_DIR";

    public string? StateDirectory { get; set; }
}
