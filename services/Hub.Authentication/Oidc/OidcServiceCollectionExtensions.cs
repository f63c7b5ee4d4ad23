using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Oidc;

public static class OidcServiceCollectionExtensions
{
    /// <summary>Registers the OIDC login flow with options from <c>Authentication:Oidc</c>, validated at start.</summary>
    public static IServiceCollection AddOidcAuthenticator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OidcOptions>()
            .Bind(configuration.GetSection(OidcOptions.SectionName))
            .PostConfigure(options =>
            {
                // An emptied entry (e.g. an environment variable set to "") means "not listed".
                options.AdminGroups.RemoveAll(string.IsNullOrWhiteSpace);
                options.AllowedGroups.RemoveAll(string.IsNullOrWhiteSpace);
                options.Scopes.RemoveAll(string.IsNullOrWhiteSpace);
                // Binding adds to a list, so the defaults are filled in here rather than in the initializer.
                if (options.Scopes.Count == 0)
                {
                    options.Scopes.AddRange(["openid", "profile"]);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddHttpClient(OidcMetadata.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OidcMetadata>();
        services.AddSingleton<OidcTokenClient>();
        services.AddSingleton<OidcIdTokenValidator>();
        services.AddSingleton<OidcAuthenticator>();
        return services;
    }
}
