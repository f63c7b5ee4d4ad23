using Microsoft.Extensions.Options;

namespace Lakehouse.ServiceDefaults.Memory;

internal sealed class IdleMemoryTrimOptionsValidator : IValidateOptions<IdleMemoryTrimOptions>
{
    public ValidateOptionsResult Validate(string? name, IdleMemoryTrimOptions options)
    {
        var failures = new List<string>();
        if (options.IdleCheckInterval < TimeSpan.Zero)
        {
            failures.Add($"{IdleMemoryTrimOptions.SectionName}:IdleCheckInterval must be zero (off) or positive; it is {options.IdleCheckInterval}.");
        }

        if (options.QuietAllocationBytes < 0)
        {
            failures.Add($"{IdleMemoryTrimOptions.SectionName}:QuietAllocationBytes must not be negative; it is {options.QuietAllocationBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
