namespace Lakehouse.Hub.Apis.Models;

/// <summary><c>POST /users</c>.</summary>
public sealed record CreateUsersRequest(IReadOnlyList<string>? Usernames, bool Admin = false);

/// <summary><c>POST /users/{name}</c>.</summary>
public sealed record CreateUserRequest(bool Admin = false);

/// <summary><c>PATCH /users/{name}</c>.</summary>
public sealed record UpdateUserRequest(string? Name, bool? Admin);

/// <summary><c>POST /users/{name}/tokens</c>; <c>expires_in</c> in seconds.</summary>
public sealed record CreateTokenRequest(string? Note, long? ExpiresIn, IReadOnlyList<string>? Scopes);

/// <summary><c>POST /groups/{name}</c>, <c>POST</c> and <c>DELETE /groups/{name}/users</c>.</summary>
public sealed record GroupUsersRequest(IReadOnlyList<string>? Users);

/// <summary><c>POST /hub/api/internal/sparkui-session</c> from the route controller: the hand-off code and the host it came to.</summary>
public sealed record SparkUiSessionRequest(string? Code, string? Host);

/// <summary><c>POST /hub/api/internal/authorize</c> from the route controller.</summary>
public sealed record AuthorizeRequest(string? Server, string? Cookie, string? Token);
