using Microsoft.Extensions.Options;

namespace Lakehouse.ServiceDefaults.Resilience;

/// <summary>Rejects settings the pipeline could not honour, at startup and naming the setting.</summary>
public sealed class StandardResilienceOptionsValidator : IValidateOptions<StandardResilienceOptions>
{
    // Polly's own bounds for timeouts.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, StandardResilienceOptions options)
    {
        var section = StandardResilienceOptions.SectionName;
        List<string> failures = [];
        if (options.TotalRequestTimeout < MinTimeout || options.TotalRequestTimeout > MaxTimeout)
        {
            failures.Add($"{section}:TotalRequestTimeout must be between {MinTimeout} and {MaxTimeout}.");
        }

        if (options.AttemptTimeout < MinTimeout || options.AttemptTimeout > options.TotalRequestTimeout)
        {
            failures.Add($"{section}:AttemptTimeout must be at least {MinTimeout} and at most TotalRequestTimeout.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{section}:MaxRetryAttempts must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.TotalRequestTimeout)
        {
            failures.Add($"{section}:RetryDelay must be between 0 and TotalRequestTimeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
