using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

/// <summary><c>/hub/api/users</c>: JupyterHub's users API. Creating, changing and deleting users is for admins.</summary>
public static class UsersApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const string PaginationMediaType = "application/jupyterhub-pagination+json";

    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users", ListUsers);
        api.MapPost("/users", CreateUsers);
        api.MapGet("/users/{name}", GetUser);
        api.MapPost("/users/{name}", CreateUser);
        api.MapPatch("/users/{name}", UpdateUser);
        api.MapDelete("/users/{name}", DeleteUser);
        return api;
    }

    private static async Task<IResult> ListUsers(
        HttpContext context, UserService users, ServerRegistry registry, ScopeResolver resolver, CancellationToken cancellationToken,
        int? offset, int? limit, string? state, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "name_filter")] string? nameFilter)
    {
        if (ApiResults.RefuseUnless(context, Scopes.ReadUsers) is { } refusal)
        {
            return refusal;
        }

        if (offset < 0 || limit < 0)
        {
            return ApiResults.Error(400, "offset and limit must not be negative.");
        }

        IReadOnlyCollection<string>? names;
        var exclude = false;
        switch (state)
        {
            case null or "":
                names = null;
                break;
            case "active":
                names = registry.ActiveNames;
                break;
            case "ready":
                names = registry.ReadyNames;
                break;
            case "inactive":
                (names, exclude) = (registry.ActiveNames, true);
                break;
            default:
                return ApiResults.Error(400, $"Unknown state filter '{state}': use active, inactive or ready.");
        }

        var take = Math.Min(limit is null or 0 ? DefaultLimit : limit.Value, MaxLimit);
        var skip = offset ?? 0;
        var paginated = context.Request.Headers.Accept.Any(a => a?.Contains(PaginationMediaType, StringComparison.OrdinalIgnoreCase) == true);
        var (page, total) = await users.ListAsync(skip, take, nameFilter, names, exclude, cancellationToken, countTotal: paginated);
        var items = page.Select(u => UserModel.From(u, registry.Get(u.Name), resolver.RolesOf(u))).ToList();
        if (!paginated)
        {
            return Results.Json(items, HubJsonContext.Responses.ListUserModel);
        }

        var next = skip + items.Count < total ? new UserPageModel.NextPage(skip + items.Count, take, Url: null) : null;
        return Results.Json(new UserPageModel(items, new UserPageModel.Pagination(skip, take, total, next)), HubJsonContext.Responses.UserPageModel);
    }

    private static async Task<IResult> CreateUsers(
        HttpContext context, CreateUsersRequest request, UserService users, ServerRegistry registry, ScopeResolver resolver, CancellationToken cancellationToken)
    {
        if (ApiResults.RefuseUnless(context, Scopes.AdminUsers) is { } refusal)
        {
            return refusal;
        }

        if (request.Usernames is not { Count: > 0 })
        {
            return ApiResults.Error(400, "Give the users to create as {\"usernames\": [...]}.");
        }

        var names = new List<string>();
        foreach (var raw in request.Usernames)
        {
            if (!ApiResults.TryUserName(raw, out var name, out var error))
            {
                return error;
            }

            names.Add(name);
        }

        var created = await users.CreateAsync(names, request.Admin, cancellationToken);
        return created.Count == 0
            ? ApiResults.Error(409, "All of these users already exist.")
            : Results.Json(created.Select(u => UserModel.From(u, registry.Get(u.Name), resolver.RolesOf(u))).ToList(), HubJsonContext.Responses.ListUserModel, statusCode: 201);
    }

    private static async Task<IResult> GetUser(
        HttpContext context, string name, UserService users, ServerRegistry registry, ScopeResolver resolver, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        // Read once, for the permission (its groups) and the answer; without the scope, a missing user is a 403 too.
        var user = await users.FindAsync(userName, cancellationToken);
        if (ApiResults.RefuseUnless(context, Scopes.ReadUsers, userName, user) is { } refusal)
        {
            return refusal;
        }

        return user is null
            ? ApiResults.NotFound($"User {userName}")
            : Results.Json(UserModel.From(user, registry.Get(userName), resolver.RolesOf(user)), HubJsonContext.Responses.UserModel);
    }

    private static async Task<IResult> CreateUser(
        HttpContext context, string name, UserService users, ServerRegistry registry, ScopeResolver resolver, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        if (ApiResults.RefuseUnless(context, Scopes.AdminUsers) is { } refusal)
        {
            return refusal;
        }

        // The body is optional here, as in JupyterHub.
        var (request, invalid) = await ApiResults.ReadOptionalBodyAsync(context, HubJsonContext.Default.CreateUserRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var created = await users.CreateAsync([userName], request?.Admin ?? false, cancellationToken);
        return created.Count == 0
            ? ApiResults.Error(409, $"User {userName} already exists.")
            : Results.Json(UserModel.From(created[0], registry.Get(userName), resolver.RolesOf(created[0])), HubJsonContext.Responses.UserModel, statusCode: 201);
    }

    private static async Task<IResult> UpdateUser(
        HttpContext context, string name, UpdateUserRequest request, UserService users, ServerRegistry registry, ScopeResolver resolver, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        // As JupyterHub: renaming needs 'users' on that user, granting or revoking admin needs 'admin:users'.
        var existing = await users.FindAsync(userName, cancellationToken);
        if (ApiResults.RefuseUnless(context, request.Admin is null ? Scopes.Users : Scopes.AdminUsers, userName, existing) is { } refusal)
        {
            return refusal;
        }

        string? newName = null;
        if (request.Name is not null && !ApiResults.TryUserName(request.Name, out newName, out error))
        {
            return error;
        }

        if (existing is null)
        {
            return ApiResults.NotFound($"User {userName}");
        }

        if (newName is not null && newName != userName && registry.Get(userName) is { } status && ServerRegistry.IsActive(status))
        {
            return ApiResults.Error(400, $"Stop {userName}'s server before renaming the user.");
        }

        if (!await users.UpdateAsync(userName, request.Admin, newName, cancellationToken))
        {
            return ApiResults.Error(409, $"User {newName} already exists.");
        }

        var user = await users.FindAsync(newName ?? userName, cancellationToken);
        return Results.Json(UserModel.From(user!, registry.Get(user!.Name), resolver.RolesOf(user!)), HubJsonContext.Responses.UserModel);
    }

    private static async Task<IResult> DeleteUser(
        HttpContext context, string name, UserService users, ServerRegistry registry, ServerLauncher launcher, CancellationToken cancellationToken)
    {
        if (!ApiResults.TryUserName(name, out var userName, out var error))
        {
            return error;
        }

        if (ApiResults.RefuseUnless(context, Scopes.AdminUsers) is { } refusal)
        {
            return refusal;
        }

        if (await users.FindAsync(userName, cancellationToken) is null)
        {
            return ApiResults.NotFound($"User {userName}");
        }

        // As JupyterHub: the user's server is stopped first.
        if (registry.Get(userName) is { } status && ServerRegistry.IsActive(status))
        {
            await launcher.StopAsync(userName, cancellationToken);
        }

        await users.DeleteAsync(userName, cancellationToken);
        return Results.NoContent();
    }
}
