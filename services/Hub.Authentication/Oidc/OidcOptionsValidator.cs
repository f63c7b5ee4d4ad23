using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>Refuses a configuration that cannot work or would be unsafe, at start rather than at the first login.</summary>
internal sealed class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    public const int MinimumKeyLength = 32;

    private const string Section = OidcOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var errors = new List<string>();
        if (!IsHttpUrl(options.Authority))
        {
            errors.Add($"{Section}:Authority must be the provider's http(s) issuer URL; it is '{options.Authority}'.");
        }
        else if (options.RequireHttpsMetadata && !IsHttps(options.MetadataAddress ?? options.Authority))
        {
            errors.Add($"{Section}:Authority (or MetadataAddress) must be https unless RequireHttpsMetadata is false.");
        }

        if (options.MetadataAddress is not null && !IsHttpUrl(options.MetadataAddress))
        {
            errors.Add($"{Section}:MetadataAddress must be an http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{Section}:ClientId is required.");
        }

        if (string.IsNullOrEmpty(options.ClientSecret))
        {
            errors.Add($"{Section}:ClientSecret is required: the hub is a confidential client.");
        }

        if (!options.Scopes.Contains("openid"))
        {
            errors.Add($"{Section}:Scopes must include 'openid'.");
        }

        if (string.IsNullOrWhiteSpace(options.UsernameClaim) || string.IsNullOrWhiteSpace(options.GroupsClaim))
        {
            errors.Add($"{Section}:UsernameClaim and GroupsClaim must not be empty.");
        }

        if (options.AuthStateKey is not { Length: >= MinimumKeyLength })
        {
            errors.Add($"{Section}:AuthStateKey must have at least {MinimumKeyLength} characters (the AppHost's auth-state-key parameter).");
        }

        foreach (var (key, value) in new[] { ("RedirectUri", options.RedirectUri), ("PostLogoutRedirectUri", options.PostLogoutRedirectUri) })
        {
            if (value is not null && !IsHttpUrl(value))
            {
                errors.Add($"{Section}:{key} must be an absolute http(s) URL.");
            }
        }

        if (options.RefreshMargin < TimeSpan.Zero || options.ClockSkew < TimeSpan.Zero || options.LoginTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:RefreshMargin and ClockSkew must not be negative, LoginTimeout must be positive.");
        }

        if (options.PassAccessTokenToServer && !IsEnvironmentName(options.AccessTokenEnvironmentVariable))
        {
            errors.Add($"{Section}:AccessTokenEnvironmentVariable must be an environment variable name (letters, digits, '_').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static bool IsHttps(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "https";

    private static bool IsEnvironmentName(string? value) =>
        value is { Length: > 0 } && !char.IsAsciiDigit(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
