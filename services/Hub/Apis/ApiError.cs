namespace Lakehouse.Hub.Apis;

/// <summary>JupyterHub's error body: <c>{"status": 400, "message": "…"}</c>.</summary>
public sealed record ApiError(int Status, string Message);
