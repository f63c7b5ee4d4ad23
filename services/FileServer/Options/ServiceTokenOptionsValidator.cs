using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Options;

internal sealed class ServiceTokenOptionsValidator : IValidateOptions<ServiceTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceTokenOptions options)
    {
        var failures = ServiceTokenDefaults.LengthFailures(ServiceTokenOptions.SectionName, [("Hub", options.Hub), ("Spawner", options.Spawner)]).ToList();

        if (!string.IsNullOrEmpty(options.Hub) && options.Hub == options.Spawner)
        {
            failures.Add($"{ServiceTokenOptions.SectionName}:Hub and :Spawner must differ: the spawner may not set quotas or read files.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
