namespace Lakehouse.Hub.Apis.Models;

/// <summary>JupyterHub's server model: one entry of a user's <c>servers</c> (the default server is named "").</summary>
public sealed record ServerModel(
    string Name,
    bool Ready,
    string? Pending,
    string Url,
    string ProgressUrl,
    DateTime? Started,
    DateTime? LastActivity,
    bool Stopped);
