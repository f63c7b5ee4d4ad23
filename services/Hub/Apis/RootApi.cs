using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

public static class RootApi
{
    /// <summary>The JupyterHub REST API version whose shapes this hub follows.</summary>
    public const string CompatibleVersion = "3.0.0";

    public static RouteGroupBuilder MapRootApi(this RouteGroupBuilder api)
    {
        // Unauthenticated, as JupyterHub: clients check the version before logging in.
        api.MapGet("/", () => Results.Json(new VersionModel(CompatibleVersion), HubJsonContext.Responses.VersionModel)).AllowAnonymous();

        api.MapGet("/info", (HttpContext context) =>
        {
            if (ApiResults.RefuseUnless(context, Scopes.ReadHub) is { } refusal)
            {
                return refusal;
            }

            return Results.Json(
                new InfoModel(
                    CompatibleVersion,
                    typeof(RootApi).Assembly.GetName().Version?.ToString(),
                    new InfoModel.ClassName("lakehouse.LdapAuthenticator"),
                    new InfoModel.ClassName("lakehouse.Spawner")),
                HubJsonContext.Responses.InfoModel);
        });

        // As JupyterHub: who the request authenticates as, with the scopes this very request carries (a token's own).
        api.MapGet("/user", async (HttpContext context, UserService users, Servers.ServerRegistry registry, CancellationToken cancellationToken) =>
        {
            var caller = ApiResults.Caller(context);
            if (caller.IsService)
            {
                return Results.Json(new ServiceCallerModel("service", caller.Name, Admin: true, caller.Roles, caller.Scopes.Names), HubJsonContext.Responses.ServiceCallerModel);
            }

            var user = await users.FindAsync(caller.Name, cancellationToken);
            return user is null
                ? ApiResults.NotFound($"User {caller.Name}")
                : Results.Json(UserModel.From(user, registry.Get(user.Name), caller.Roles) with { Scopes = caller.Scopes.Names }, HubJsonContext.Responses.UserModel);
        });

        return api;
    }
}
