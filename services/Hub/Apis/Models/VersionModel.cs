namespace Lakehouse.Hub.Apis.Models;

/// <summary><c>GET /hub/api/</c>: the JupyterHub API version whose shapes the hub follows.</summary>
public sealed record VersionModel(string Version);
