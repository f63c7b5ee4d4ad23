using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Ldap;

public static class LdapAuthenticationServiceCollectionExtensions
{
    /// <summary>The connection string name the AppHost gives an OpenLDAP resource called <c>ldap</c>.</summary>
    public const string ConnectionName = "ldap";

    /// <summary>
    /// Registers <see cref="LdapAuthenticator"/> as the <see cref="IAuthenticator"/> and <see cref="LdapUserDirectory"/>
    /// as the <see cref="IUserDirectory"/>, with options from
    /// <c>Authentication:Ldap</c> (the server from <c>ConnectionStrings:ldap</c> when <c>ServerUri</c> is not set),
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddLdapAuthenticator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LdapAuthenticationOptions>()
            .Bind(configuration.GetSection(LdapAuthenticationOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ServerUri))
                {
                    options.ServerUri = configuration.GetConnectionString(ConnectionName);
                }

                // An emptied entry (e.g. an environment variable set to "") means "not listed", not "a group named ''".
                options.AdminGroups.RemoveAll(string.IsNullOrWhiteSpace);
                options.AllowedGroups.RemoveAll(string.IsNullOrWhiteSpace);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LdapAuthenticationOptions>, LdapAuthenticationOptionsValidator>();
        services.AddSingleton<IAuthenticator, LdapAuthenticator>();
        services.AddSingleton<IUserDirectory, LdapUserDirectory>();
        return services;
    }
}
