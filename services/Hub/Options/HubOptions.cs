namespace Lakehouse.Hub.Options;

/// <summary>The hub's own settings, from configuration <c>Hub</c>.</summary>
public sealed class HubOptions
{
    public const string SectionName = "Hub";

    /// <summary>SQLite file; default <c>{Lakehouse:StateDirectory}/hub/hub.db</c>. Ignored when <c>ConnectionStrings:hubdb</c> is set.</summary>
    public string? Database { get; set; }

    /// <summary>Spawns pending at once; over it a start gets 429 with Retry-After (JupyterHub's concurrent_spawn_limit).</summary>
    public int ConcurrentSpawnLimit { get; set; } = 100;

    /// <summary>Servers pending or running at once; 0 means unlimited (JupyterHub's active_server_limit).</summary>
    public int ActiveServerLimit { get; set; }

    /// <summary>A spawn still pending after this long is stopped (the spawner has its own timeout too).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a login lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The Retry-After a client gets when a limit is reached.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Request bodies above this get 413.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>After a broken <c>/api/events</c> stream, the first reconnect delay; it doubles up to 30 s.</summary>
    public TimeSpan SpawnerReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Comment lines on an idle progress stream, so that proxies keep it open.</summary>
    public TimeSpan ProgressKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The route controller's domain: Spark UIs live on <c>{name}.sparkui.{SparkUiDomain}</c>.</summary>
    public string SparkUiDomain { get; set; } = "localhost";

    public CullingOptions Culling { get; set; } = new();

    public LoginThrottleOptions LoginThrottle { get; set; } = new();
}
