using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Reports each invalid <see cref="OrchestratorOptions"/> setting by name, so that the AppHost's start error says what to fix.</summary>
internal sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(OrchestratorOptions options)
    {
        if (options.StopGracePeriod <= TimeSpan.Zero)
        {
            yield return $"{OrchestratorOptions.SectionName}:StopGracePeriod must be positive.";
        }

        if (options.LogBufferLines < 1)
        {
            yield return $"{OrchestratorOptions.SectionName}:LogBufferLines must be at least 1.";
        }

        if (options.FirstCheckInterval <= TimeSpan.Zero || options.UnhealthyCheckInterval <= TimeSpan.Zero
            || options.HealthyCheckInterval <= TimeSpan.Zero || options.HealthCheckTimeout <= TimeSpan.Zero)
        {
            yield return $"{OrchestratorOptions.SectionName}: health check intervals and timeout must be positive.";
        }

        if (options.ReapInterval <= TimeSpan.Zero)
        {
            yield return $"{OrchestratorOptions.SectionName}:ReapInterval must be positive.";
        }

        if (options.FirstPort is < 1024 or > 65535 || options.LastPort is < 1024 or > 65535 || options.FirstPort > options.LastPort)
        {
            yield return $"{OrchestratorOptions.SectionName}:FirstPort and LastPort must be ports from 1024 to 65535, the first not above the last.";
        }
    }
}
