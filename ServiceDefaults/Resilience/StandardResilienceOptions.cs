namespace Lakehouse.ServiceDefaults.Resilience;

/// <summary>
/// Settings of the standard HttpClient resilience handler, bound from <c>HttpClientDefaults:Resilience</c>.
/// Defaults are Aspire's standard handler's: 30 s in all, 10 s per attempt, 3 retries.
/// </summary>
public sealed class StandardResilienceOptions
{
    public const string SectionName = "HttpClientDefaults:Resilience";

    /// <summary>Covers every attempt and the delays between them.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
