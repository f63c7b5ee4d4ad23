using Lakehouse.Hub.Authentication.Ldap;
using Lakehouse.Hub.Authentication.Oidc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers both identity sources; <c>Authentication:Provider</c> picks one, and only its settings are checked at
    /// start. The choice is read when the app runs, not here, because configuration sources may still be added (tests).
    /// </summary>
    public static IServiceCollection AddHubAuthenticators(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthenticationProviderOptions>()
            .Bind(configuration.GetSection(AuthenticationProviderOptions.SectionName))
            .Validate(
                o => o.Provider.ToLowerInvariant() is AuthenticationProviderOptions.Ldap or AuthenticationProviderOptions.Oidc,
                $"{AuthenticationProviderOptions.SectionName}:Provider must be '{AuthenticationProviderOptions.Ldap}' or '{AuthenticationProviderOptions.Oidc}'.")
            .ValidateOnStart();
        services.AddLdapAuthenticator(configuration);
        ValidateOnlyWhenChosen<LdapAuthenticationOptions>(services, AuthenticationProviderOptions.Ldap);
        services.AddOidcAuthenticator(configuration);
        ValidateOnlyWhenChosen<OidcOptions>(services, AuthenticationProviderOptions.Oidc);

        // Users who never logged in get their identity from LDAP, with OIDC too when a directory is configured (the
        // provider federates it, as Keycloak does); an OIDC hub without one learns identities from logins only.
        services.Replace(ServiceDescriptor.Singleton<IUserDirectory>(sp =>
            sp.GetRequiredService<IOptions<AuthenticationProviderOptions>>().Value.IsOidc
            && string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptionsMonitor<LdapAuthenticationOptions>>().CurrentValue.ServerUri)
                ? new NoUserDirectory()
                : ActivatorUtilities.CreateInstance<LdapUserDirectory>(sp)));
        return services;
    }

    /// <summary>Wraps the validators of <typeparamref name="TOptions"/> so that they pass when another provider is chosen.</summary>
    private static void ValidateOnlyWhenChosen<TOptions>(IServiceCollection services, string provider)
        where TOptions : class
    {
        var validators = services.Where(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationType is not null).ToList();
        foreach (var descriptor in validators)
        {
            services.Remove(descriptor);
            services.AddSingleton<IValidateOptions<TOptions>>(sp => new WhenChosen<TOptions>(
                provider,
                (IValidateOptions<TOptions>)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!),
                sp.GetRequiredService<IOptionsMonitor<AuthenticationProviderOptions>>()));
        }
    }

    private sealed class WhenChosen<TOptions>(string provider, IValidateOptions<TOptions> inner, IOptionsMonitor<AuthenticationProviderOptions> choice)
        : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            string.Equals(choice.CurrentValue.Provider, provider, StringComparison.OrdinalIgnoreCase) ? inner.Validate(name, options) : ValidateOptionsResult.Skip;
    }
}
