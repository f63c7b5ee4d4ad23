using Lakehouse.Contracts;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Options;

internal sealed class HomesOptionsValidator : IValidateOptions<HomesOptions>
{
    public ValidateOptionsResult Validate(string? name, HomesOptions options)
    {
        var failures = new List<string>();
        if (options.HomesDirectory is null && options.StateDirectory is null)
        {
            failures.Add($"Set {HomesOptions.SectionName}:HomesDirectory, Lakehouse:StateDirectory or LAKEHOUSE_STATE_DIR.");
        }

        if (!ByteSize.TryParse(options.DefaultQuota, out var quota, out var error))
        {
            failures.Add($"{HomesOptions.SectionName}:DefaultQuota: {error}");
        }
        else if (quota <= 0)
        {
            failures.Add($"{HomesOptions.SectionName}:DefaultQuota must be more than 0.");
        }

        if (options.UsageScanInterval <= TimeSpan.Zero)
        {
            failures.Add($"{HomesOptions.SectionName}:UsageScanInterval must be positive.");
        }

        if (options.UsageMaxAge < TimeSpan.Zero)
        {
            failures.Add($"{HomesOptions.SectionName}:UsageMaxAge cannot be negative.");
        }

        if (options.SkeletonDirectory is { } skeleton && !Directory.Exists(skeleton))
        {
            failures.Add($"{HomesOptions.SectionName}:SkeletonDirectory '{skeleton}' is not a folder.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
