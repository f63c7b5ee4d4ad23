namespace Lakehouse.Contracts;

/// <summary>The body of <c>POST /api/servers/{name}</c>: whom to run the server for, and extra environment entries.</summary>
public sealed record StartServerRequest(UserIdentity Identity, IReadOnlyDictionary<string, string>? Environment = null);
