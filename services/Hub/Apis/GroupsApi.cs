using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

/// <summary><c>/hub/api/groups</c>: JupyterHub's groups API: read:groups to read, groups to change members, admin:groups to create and delete.</summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/groups", ListGroups);
        api.MapGet("/groups/{name}", GetGroup);
        api.MapPost("/groups/{name}", CreateGroup);
        api.MapDelete("/groups/{name}", DeleteGroup);
        api.MapPost("/groups/{name}/users", (HttpContext c, string name, [Microsoft.AspNetCore.Mvc.FromBody] GroupUsersRequest r, GroupService g, CancellationToken t) => ChangeMembers(c, name, r, g, add: true, t));
        api.MapDelete("/groups/{name}/users", (HttpContext c, string name, [Microsoft.AspNetCore.Mvc.FromBody] GroupUsersRequest r, GroupService g, CancellationToken t) => ChangeMembers(c, name, r, g, add: false, t));
        return api;
    }

    private static async Task<IResult> ListGroups(HttpContext context, GroupService groups, CancellationToken cancellationToken, int? offset, int? limit)
    {
        if (ApiResults.RefuseUnless(context, Scopes.ReadGroups) is { } refusal)
        {
            return refusal;
        }

        if (offset < 0 || limit < 0)
        {
            return ApiResults.Error(400, "offset and limit must not be negative.");
        }

        var take = Math.Min(limit is null or 0 ? UsersApi.DefaultLimit : limit.Value, UsersApi.MaxLimit);
        var list = await groups.ListAsync(offset ?? 0, take, cancellationToken);
        return Results.Json(list.Select(GroupModel.From).ToList(), HubJsonContext.Responses.ListGroupModel);
    }

    private static async Task<IResult> GetGroup(HttpContext context, string name, GroupService groups, CancellationToken cancellationToken)
    {
        if (Refuse(context, name, Scopes.ReadGroups) is { } refusal)
        {
            return refusal;
        }

        var group = await groups.FindAsync(name, cancellationToken);
        return group is null ? ApiResults.NotFound($"Group {name}") : Results.Json(GroupModel.From(group), HubJsonContext.Responses.GroupModel);
    }

    private static async Task<IResult> CreateGroup(HttpContext context, string name, GroupService groups, CancellationToken cancellationToken)
    {
        if (Refuse(context, name, Scopes.AdminGroups) is { } refusal)
        {
            return refusal;
        }

        var (request, invalid) = await ApiResults.ReadOptionalBodyAsync(context, HubJsonContext.Default.GroupUsersRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (NormalizeUsers(request, out var users) is { } error)
        {
            return error;
        }

        var change = await groups.CreateAsync(name, users, cancellationToken);
        if (!change.Succeeded)
        {
            return ChangeError(name, change);
        }

        return Results.Json(GroupModel.From((await groups.FindAsync(name, cancellationToken))!), HubJsonContext.Responses.GroupModel, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteGroup(HttpContext context, string name, GroupService groups, CancellationToken cancellationToken)
    {
        if (Refuse(context, name, Scopes.AdminGroups) is { } refusal)
        {
            return refusal;
        }

        return await groups.DeleteAsync(name, cancellationToken) ? Results.NoContent() : ApiResults.NotFound($"Group {name}");
    }

    private static async Task<IResult> ChangeMembers(
        HttpContext context, string name, GroupUsersRequest request, GroupService groups, bool add, CancellationToken cancellationToken)
    {
        if (Refuse(context, name, Scopes.Groups) is { } refusal)
        {
            return refusal;
        }

        if (NormalizeUsers(request, out var users) is { } error)
        {
            return error;
        }

        var change = await groups.ChangeMembersAsync(name, users, add, cancellationToken);
        return change.Succeeded ? Results.Json(GroupModel.From((await groups.FindAsync(name, cancellationToken))!), HubJsonContext.Responses.GroupModel) : ChangeError(name, change);
    }

    private static IResult? Refuse(HttpContext context, string name, string scope)
    {
        if (!ApiResults.TryGroupName(name, out var error))
        {
            return error;
        }

        return ApiResults.Caller(context).Scopes.AllowsGroup(scope, name) ? null : ApiResults.Forbidden($"This needs the '{scope}' scope on group {name}.");
    }

    private static IResult? NormalizeUsers(GroupUsersRequest? request, out List<string> users)
    {
        users = [];
        foreach (var raw in request?.Users ?? [])
        {
            if (!ApiResults.TryUserName(raw, out var user, out var error))
            {
                return error;
            }

            users.Add(user);
        }

        return null;
    }

    private static IResult ChangeError(string name, GroupChange change) => change switch
    {
        { GroupMissing: true } => ApiResults.NotFound($"Group {name}"),
        { GroupExists: true } => ApiResults.Error(409, $"Group {name} already exists."),
        { MissingUser: { } user } => ApiResults.Error(400, $"No such user: {user}."),
        _ => ApiResults.Error(400, "The group was not changed."),
    };
}
