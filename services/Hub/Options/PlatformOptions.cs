namespace Lakehouse.Hub.Options;

/// <summary>Platform-wide settings the hub reads (configuration <c>Lakehouse</c>).</summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Lakehouse";

    /// <summary>Also <c>LAKEHOUSE_STATE_DIR</c>.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The operator's admin token for the hub API (parameter <c>api-token</c>).</summary>
    public string? ApiToken { get; set; }

    public ServiceTokens ServiceTokens { get; set; } = new();
}
