namespace Lakehouse.Hub.Apis.Models;

/// <summary><c>GET /hub/api/info</c>, in JupyterHub's shape: versions and the classes that authenticate and spawn.</summary>
public sealed record InfoModel(string Version, string? Lakehouse, InfoModel.ClassName Authenticator, InfoModel.ClassName Spawner)
{
    /// <summary>JupyterHub names each plug-in by its class: <c>{"class": "…"}</c>.</summary>
    public sealed record ClassName(string Class);
}
