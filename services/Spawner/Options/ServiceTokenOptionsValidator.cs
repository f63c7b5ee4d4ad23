using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Options;

internal sealed class ServiceTokenOptionsValidator : IValidateOptions<ServiceTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceTokenOptions options)
    {
        var failures = ServiceTokenDefaults.LengthFailures(ServiceTokenOptions.SectionName, [("Hub", options.Hub), ("RouteController", options.RouteController), ("Spawner", options.Spawner)]).ToList();

        if (!string.IsNullOrEmpty(options.Hub) && options.Hub == options.RouteController)
        {
            failures.Add($"{ServiceTokenOptions.SectionName}:Hub and :RouteController must differ: the route controller may only read.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
