namespace Lakehouse.Hub.Apis.Models;

/// <summary><c>GET /hub/api/user</c> when a service token (the operator's) asks, as JupyterHub answers for services.</summary>
public sealed record ServiceCallerModel(string Kind, string Name, bool Admin, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);
