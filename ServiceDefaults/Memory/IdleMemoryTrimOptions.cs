namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>When a quiet service gives its free memory back (section <c>Lakehouse:Memory</c>).</summary>
public sealed class IdleMemoryTrimOptions
{
    public const string SectionName = "Lakehouse:Memory";

    /// <summary>
    /// How often the service looks at how much it allocated; zero turns trimming off. Short, so that what a burst of
    /// work left committed goes back soon after it ends; a look costs nothing, a trim of an idle heap milliseconds.
    /// </summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Allocating at most this much in one interval counts as quiet: an idle service's health checks and telemetry
    /// allocate a MiB or two in 10 s, a busy one far more.
    /// </summary>
    public long QuietAllocationBytes { get; set; } = 6 * 1024 * 1024;
}
