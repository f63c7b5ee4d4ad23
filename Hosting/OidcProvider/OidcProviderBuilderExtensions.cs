using System.Text.Json;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.OpenLdap;

namespace Lakehouse.Hosting;

public static class OidcProviderBuilderExtensions
{
    public const string InstallHint = "npm install --no-package-lock in tools/oidc-provider (./lakehouse up --identity oidc does it)";

    /// <summary>
    /// Adds the local OpenID provider of <paramref name="toolDirectory"/> (<c>node server.mjs</c>) on a loopback port,
    /// with the confidential client <c>jupyterhub</c> (PKCE required) and the demo users of
    /// <see cref="OpenLdapDemoData"/> (same uids, gids and groups as the OpenLDAP demo directory) with
    /// <paramref name="demoPassword"/>. Before each start it writes their accounts to its data folder (mode 0600).
    /// </summary>
    /// <param name="hubUrls">The hub's public URLs, whose <c>/hub/oauth_callback</c> and <c>/hub/login</c> are registered.</param>
    public static IResourceBuilder<OidcProviderResource> AddOidcProvider(
        this IDistributedApplicationBuilder builder,
        string name,
        string toolDirectory,
        IResourceBuilder<ParameterResource> clientSecret,
        ParameterResource demoPassword,
        IReadOnlyList<ReferenceExpression> hubUrls,
        int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceName.Validate(name);
        var resource = new OidcProviderResource(name, Path.GetFullPath(toolDirectory), clientSecret.Resource);
        var usersFile = Path.Combine(builder.ExecutionContext.GetResourceDataDirectory(name), "users.json");
        return builder.AddResource(resource)
            .WithArgs("server.mjs")
            .WithHttpEndpoint(port, name: OidcProviderResource.PrimaryEndpointName, env: "OIDC_PORT")
            .WithHttpHealthCheck("/.well-known/openid-configuration")
            .WithInstallHint(InstallHint)
            .WithEnvironment("OIDC_CLIENT_ID", OidcProviderResource.ClientId)
            .WithEnvironment("OIDC_CLIENT_SECRET", clientSecret)
            .WithEnvironment("OIDC_USERS_FILE", usersFile)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["OIDC_REDIRECT_URIS"] = Join(hubUrls, "/hub/oauth_callback");
                context.EnvironmentVariables["OIDC_POST_LOGOUT_REDIRECT_URIS"] = Join(hubUrls, "/hub/login");
            })
            .OnBeforeStart(async context =>
            {
                if (!Directory.Exists(Path.Combine(resource.WorkingDirectory, "node_modules", "oidc-provider")))
                {
                    throw new InvalidOperationException($"oidc-provider is not installed in {resource.WorkingDirectory}: {InstallHint}.");
                }

                Directory.CreateDirectory(context.DataDirectory);
                await using var file = new FileStream(usersFile, new FileStreamOptions
                {
                    Mode = FileMode.Create,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                File.SetUnixFileMode(usersFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                await JsonSerializer.SerializeAsync(file, DemoAccounts(demoPassword.Value), cancellationToken: context.CancellationToken);
            });
    }

    /// <summary>The demo users (or <paramref name="users"/>) as oidc-provider accounts: the claims the hub reads, as
    /// the OpenLDAP demo data has them.</summary>
    public static IReadOnlyList<Dictionary<string, object>> DemoAccounts(string password, IEnumerable<OpenLdapDemoUser>? users = null) =>
        (users ?? OpenLdapDemoData.Users).Select(user => new Dictionary<string, object>
        {
            ["username"] = user.Name,
            ["password"] = password,
            ["name"] = user.FullName,
            ["groups"] = user.Groups,
            ["uidNumber"] = user.Uid,
            // Each demo user's primary group is their personal group: same name and id.
            ["gidNumber"] = user.Uid,
            ["posix_groups"] = user.Groups
                .Select(g => $"{g}:{OpenLdapDemoData.SharedGroups.Single(s => s.Name == g).Gid}")
                .Append($"{user.Name}:{user.Uid}")
                .ToList(),
        }).ToList();

    private static ReferenceExpression Join(IReadOnlyList<ReferenceExpression> urls, string path)
    {
        var handler = new ReferenceExpression.ExpressionInterpolatedStringHandler(0, urls.Count * 2);
        for (var i = 0; i < urls.Count; i++)
        {
            if (i > 0)
            {
                handler.AppendLiteral(",");
            }

            handler.AppendFormatted(urls[i]);
            handler.AppendLiteral(path);
        }

        return ReferenceExpression.Create(handler);
    }
}
