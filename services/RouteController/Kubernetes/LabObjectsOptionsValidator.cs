using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Kubernetes;

internal sealed class LabObjectsOptionsValidator : IValidateOptions<LabObjectsOptions>
{
    public ValidateOptionsResult Validate(string? name, LabObjectsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Gateway) || options.Gateway.Contains(' ', StringComparison.Ordinal))
        {
            failures.Add($"RouteController:Kubernetes:Gateway must name a gateway (namespace/name), not '{options.Gateway}'.");
        }

        if (options.SparkUiUpstream is { } upstream && LabObjects.ParseUpstream(upstream) is null)
        {
            failures.Add($"RouteController:Kubernetes:SparkUiUpstream must be host:port, not '{upstream}'.");
        }

        if (options.ResyncInterval <= TimeSpan.Zero)
        {
            failures.Add("RouteController:Kubernetes:ResyncInterval must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
