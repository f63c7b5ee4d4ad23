using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Reports each invalid <see cref="OrchestratorOptions"/> setting by name, so that the AppHost's start error says what to fix.</summary>
internal sealed class OrchestratorOptionsValidator : IValidateOptions<OrchestratorOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestratorOptions options)
    {
        var failures = options.Validate().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
