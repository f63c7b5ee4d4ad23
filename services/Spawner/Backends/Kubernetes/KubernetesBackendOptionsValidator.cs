using Lakehouse.Kubernetes.Naming;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Backends.Kubernetes;

internal sealed class KubernetesBackendOptionsValidator : IValidateOptions<KubernetesBackendOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesBackendOptions options)
    {
        var failures = new List<string>();
        if (!options.PodNameTemplate.Contains("{username}", StringComparison.Ordinal)
            || !DnsLabel.IsValid(LabNames.PodName(options.PodNameTemplate, "a")))
        {
            failures.Add($"Spawner:Kubernetes:PodNameTemplate must contain {{username}} and give DNS-1123 labels, not '{options.PodNameTemplate}'.");
        }

        if (!DnsLabel.IsValid(options.HomeClaim))
        {
            failures.Add($"Spawner:Kubernetes:HomeClaim must be a claim name, not '{options.HomeClaim}'.");
        }

        if (options.ServerPort is < 1 or > 65535)
        {
            failures.Add($"Spawner:Kubernetes:ServerPort must be a port, not {options.ServerPort}.");
        }

        if (options.StatusPollInterval <= TimeSpan.Zero)
        {
            failures.Add("Spawner:Kubernetes:StatusPollInterval must be positive.");
        }

        if (options.Profile != "default" && !options.Profiles.ContainsKey(options.Profile))
        {
            failures.Add($"Spawner:Kubernetes:Profile names no profile: '{options.Profile}'.");
        }

        foreach (var (profileName, profile) in options.Profiles)
        {
            if (string.IsNullOrWhiteSpace(profile.Image) || profile.Command.Count == 0)
            {
                failures.Add($"Spawner:Kubernetes:Profiles:{profileName} needs an image and a command.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
