using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Options;

internal sealed class StateDirectoryOptionsValidator : IValidateOptions<StateDirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, StateDirectoryOptions options) =>
        string.IsNullOrWhiteSpace(options.StateDirectory)
            ? ValidateOptionsResult.Fail(
                $"No state folder: set {StateDirectoryOptions.SectionName}:StateDirectory or {StateDirectoryOptions.EnvironmentVariable}.")
            : !Path.IsPathFullyQualified(options.StateDirectory)
                ? ValidateOptionsResult.Fail($"The state folder must be an absolute path, not '{options.StateDirectory}'.")
                : ValidateOptionsResult.Success;
}
