using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Options;

/// <summary>
/// The service token is required: without it the spawner and the hub refuse every call, so no route could exist.
/// The api-token is optional; without it <c>/api/routes</c> lets nobody in.
/// </summary>
public sealed class CredentialOptionsValidator : IValidateOptions<CredentialOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialOptions options)
    {
        List<string> failures = [];
        if (options.ServiceTokens.RouteController is not { Length: >= CredentialOptions.MinimumLength })
        {
            failures.Add($"Lakehouse:ServiceTokens:RouteController must be set, at least {CredentialOptions.MinimumLength} characters.");
        }

        if (options.ApiToken is { Length: > 0 and < CredentialOptions.MinimumLength })
        {
            failures.Add($"Lakehouse:ApiToken must be at least {CredentialOptions.MinimumLength} characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
