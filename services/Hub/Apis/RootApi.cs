using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

public static class RootApi
{
    /// <summary>The JupyterHub REST API version whose shapes this hub follows.</summary>
    public const string CompatibleVersion = "3.0.0";

    public static RouteGroupBuilder MapRootApi(this RouteGroupBuilder api)
    {
        // Unauthenticated, as JupyterHub: clients check the version before logging in.
        api.MapGet("/", () => Results.Json(new { version = CompatibleVersion })).AllowAnonymous();

        api.MapGet("/info", (HttpContext context) =>
        {
            if (!ApiResults.Caller(context).IsAdmin)
            {
                return ApiResults.Forbidden();
            }

            return Results.Json(new
            {
                version = CompatibleVersion,
                lakehouse = typeof(RootApi).Assembly.GetName().Version?.ToString(),
                authenticator = new { @class = "lakehouse.LdapAuthenticator" },
                spawner = new { @class = "lakehouse.Spawner" },
            });
        });

        api.MapGet("/user", async (HttpContext context, UserService users, Servers.ServerRegistry registry, CancellationToken cancellationToken) =>
        {
            var caller = ApiResults.Caller(context);
            if (caller.IsService)
            {
                return Results.Json(new { kind = "service", name = caller.Name, admin = true, roles = new[] { "admin" } });
            }

            var user = await users.FindAsync(caller.Name, cancellationToken);
            return user is null ? ApiResults.NotFound($"User {caller.Name}") : Results.Json(UserModel.From(user, registry.Get(user.Name)));
        });

        return api;
    }
}
