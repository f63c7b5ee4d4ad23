using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Options;

internal sealed class DirectoryOptionsValidator : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            return ValidateOptionsResult.Fail(
                $"No state folder: set {DirectoryOptions.SectionName}:StateDirectory or {DirectoryOptions.EnvironmentVariable}.");
        }

        if (!Path.IsPathFullyQualified(options.StateDirectory))
        {
            return ValidateOptionsResult.Fail($"The state folder must be an absolute path, not '{options.StateDirectory}'.");
        }

        return options.HomesDirectory is { } homes && !Path.IsPathFullyQualified(homes)
            ? ValidateOptionsResult.Fail($"{DirectoryOptions.SectionName}:HomesDirectory must be an absolute path, not '{homes}'.")
            : ValidateOptionsResult.Success;
    }
}
