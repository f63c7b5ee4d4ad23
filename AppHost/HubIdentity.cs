using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.OpenLdap;
using Microsoft.Extensions.Configuration;

namespace Lakehouse.AppHost;

/// <summary>How the hub logs users in: <c>--identity ldap</c> (the default) or <c>--identity oidc</c> (also <c>Parameters:identity</c>).</summary>
internal static class HubIdentity
{
    public static bool IsOidc(IConfiguration configuration)
    {
        var mode = configuration["identity"] ?? configuration["Parameters:identity"] ?? "ldap";
        return mode.ToLowerInvariant() switch
        {
            "ldap" => false,
            "oidc" => true,
            _ => throw new ArgumentException($"--identity must be 'ldap' or 'oidc'; it is '{mode}'."),
        };
    }

    /// <summary>The hub logs users in through an OpenID provider; members of the demo admin group are admins.</summary>
    public static IResourceBuilder<ProjectResource> WithOidcLogin(
        this IResourceBuilder<ProjectResource> hub,
        ReferenceExpression authority,
        string clientId,
        IResourceBuilder<ParameterResource> clientSecret,
        IResourceBuilder<ParameterResource> authStateKey) =>
        hub.WithEnvironment("Authentication__Provider", "oidc")
            .WithEnvironment("Authentication__Oidc__Authority", authority)
            .WithEnvironment("Authentication__Oidc__ClientId", clientId)
            .WithEnvironment("Authentication__Oidc__ClientSecret", clientSecret)
            .WithEnvironment("Authentication__Oidc__AuthStateKey", authStateKey)
            // Discovery and keys come over loopback locally and over the cluster's network from a Service.
            .WithEnvironment("Authentication__Oidc__RequireHttpsMetadata", "false")
            .WithEnvironment("Authentication__Oidc__AdminGroups__0", OpenLdapDemoData.AdminGroup);
}
