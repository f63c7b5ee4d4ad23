using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Options;

internal sealed class SpawnerOptionsValidator : IValidateOptions<SpawnerOptions>
{
    public ValidateOptionsResult Validate(string? name, SpawnerOptions options)
    {
        var failures = new List<string>();
        if (!Path.IsPathFullyQualified(options.JupyterPath))
        {
            failures.Add($"Spawner:JupyterPath must be an absolute path, not '{options.JupyterPath}'.");
        }

        if (options.Backend is not (SpawnerOptions.LocalBackend or SpawnerOptions.KubernetesBackend))
        {
            failures.Add($"Spawner:Backend must be '{SpawnerOptions.LocalBackend}' or '{SpawnerOptions.KubernetesBackend}', not '{options.Backend}'.");
        }

        RequirePositive(failures, nameof(options.StartTimeout), options.StartTimeout);
        RequirePositive(failures, nameof(options.PollInterval), options.PollInterval);
        RequirePositive(failures, nameof(options.ProbeFallbackInterval), options.ProbeFallbackInterval);
        RequirePositive(failures, nameof(options.LivenessInterval), options.LivenessInterval);
        RequirePositive(failures, nameof(options.AdoptionTimeout), options.AdoptionTimeout);
        RequirePositive(failures, nameof(options.KeepAliveInterval), options.KeepAliveInterval);
        if (options.StopGracePeriod < TimeSpan.Zero)
        {
            failures.Add("Spawner:StopGracePeriod must not be negative.");
        }

        if (options.FirstPort is < 1024 or > 65535 || options.LastPort is < 1024 or > 65535 || options.LastPort <= options.FirstPort)
        {
            failures.Add($"Spawner:FirstPort..LastPort must be a range of at least two unprivileged ports, not {options.FirstPort}..{options.LastPort}.");
        }

        if (options.ConcurrentBoots < 1)
        {
            failures.Add($"Spawner:ConcurrentBoots must be at least 1, not {options.ConcurrentBoots}.");
        }

        if (options.MinimumUid < 1)
        {
            failures.Add("Spawner:MinimumUid must be at least 1: servers never run as root.");
        }

        if (options.MinimumGid < 1)
        {
            failures.Add("Spawner:MinimumGid must be at least 1: servers never run in the root group.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Spawner:{name} must be positive, not {value}.");
        }
    }
}
