namespace Lakehouse.RouteController.Access;

/// <summary>The body of <c>POST /hub/api/internal/authorize</c>: which server, and the credentials the request showed.</summary>
public sealed record AuthorizeRequest(string Server, string? Cookie, string? Token);
