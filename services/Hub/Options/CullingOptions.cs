namespace Lakehouse.Hub.Options;

/// <summary>Idle culling (configuration <c>Hub:Culling</c>), as the original lakehouse ran it: 3600 s idle, checked every 600 s.</summary>
public sealed class CullingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>A running server without activity for this long is stopped.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3600);

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>When set, a server running longer than this is stopped, active or not.</summary>
    public TimeSpan? MaxAge { get; set; }
}
