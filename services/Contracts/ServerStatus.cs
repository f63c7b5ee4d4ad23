namespace Lakehouse.Contracts;

/// <summary>
/// One user's server as the spawner sees it. <see cref="Token"/> is the Jupyter server's own token: only services
/// (the hub, the route controller) ever receive it, so that the proxy can add it upstream.
/// </summary>
public sealed record ServerStatus(
    string Name,
    ServerState State,
    Uri? Url = null,
    Uri? SparkUiUrl = null,
    string? Token = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? LastActivity = null,
    string? Message = null,
    int? Pid = null);
