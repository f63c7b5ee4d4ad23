namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>When a quiet service gives its free memory back (section <c>Lakehouse:Memory</c>).</summary>
public sealed class IdleMemoryTrimOptions
{
    public const string SectionName = "Lakehouse:Memory";

    /// <summary>How often the service looks at how much it allocated; zero turns trimming off.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Allocating at most this much in one interval counts as quiet: an idle service's health checks and telemetry
    /// allocate a few MiB in 30 s, a busy one far more.
    /// </summary>
    public long QuietAllocationBytes { get; set; } = 16 * 1024 * 1024;
}
