using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Options;

internal sealed class ServiceTokenOptionsValidator : IValidateOptions<ServiceTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceTokenOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, value) in new[] { ("Hub", options.Hub), ("RouteController", options.RouteController), ("Spawner", options.Spawner) })
        {
            if (!string.IsNullOrEmpty(value) && value.Length < ServiceTokenOptions.MinimumLength)
            {
                // Only the length is reported, never the value.
                failures.Add($"{ServiceTokenOptions.SectionName}:{key} is too short ({value.Length} characters, at least {ServiceTokenOptions.MinimumLength}).");
            }
        }

        if (!string.IsNullOrEmpty(options.Hub) && options.Hub == options.RouteController)
        {
            failures.Add($"{ServiceTokenOptions.SectionName}:Hub and :RouteController must differ: the route controller may only read.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
