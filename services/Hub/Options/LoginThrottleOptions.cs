namespace Lakehouse.Hub.Options;

/// <summary>The brute-force limit on <c>/hub/login</c> (<c>Hub:LoginThrottle</c>), per account and client address.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Wrong passwords allowed within <see cref="Window"/> before 429.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>How long a failure counts; also the longest wait a refused client is told (Retry-After).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}
