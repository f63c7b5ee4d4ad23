namespace Lakehouse.Hub.Apis.Models;

/// <summary>The hub's answer to the route controller: <c>user</c> is null for an anonymous request.</summary>
public sealed record AuthorizeResponse(bool Allowed, string? User, bool Admin);
