using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Options;

/// <summary>Short tokens are refused at start: a guessable credential is worse than none.</summary>
internal sealed class PlatformOptionsValidator : IValidateOptions<PlatformOptions>
{
    private const int MinimumTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, PlatformOptions options)
    {
        var failures = new List<string>();
        Check(options.ApiToken, "Lakehouse:ApiToken", failures);
        Check(options.ServiceTokens.Hub, "Lakehouse:ServiceTokens:Hub", failures);
        Check(options.ServiceTokens.RouteController, "Lakehouse:ServiceTokens:RouteController", failures);
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static void Check(string? token, string key, List<string> failures)
    {
        if (!string.IsNullOrEmpty(token) && token.Length < MinimumTokenLength)
        {
            failures.Add($"{key} must be at least {MinimumTokenLength} characters.");
        }
    }
}
