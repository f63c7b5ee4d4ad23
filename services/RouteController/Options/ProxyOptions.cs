namespace Lakehouse.RouteController.Options;

/// <summary>The public proxy's settings (<c>Proxy</c> section).</summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>The port users reach; JupyterHub's default. The management endpoint stays on ASPNETCORE_URLS.</summary>
    public int PublicPort { get; set; } = 8000;

    /// <summary>Loopback locally; <c>0.0.0.0</c> or <c>::</c> in a cluster.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Spark UIs are served on <c>{name}.sparkui.{Domain}</c>; <c>*.localhost</c> resolves to loopback.</summary>
    public string Domain { get; set; } = "localhost";

    /// <summary>
    /// Where browsers reach the hub's pages, for logins that start on a Spark UI host. Default: this port on
    /// <c>127.0.0.1</c> when <see cref="Domain"/> is <c>localhost</c>, else <c>jupyterhub.{Domain}</c> (the original's host).
    /// </summary>
    public Uri? PublicHubUrl { get; set; }

    /// <summary>TLS on the public port: a PEM certificate (with <see cref="TlsKey"/>) or a PKCS#12 file. Off when empty.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificate"/>; empty for a PKCS#12 file.</summary>
    public string? TlsKey { get; set; }

    /// <summary>The PKCS#12 file's password, if it has one.</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>Strict-Transport-Security max-age whenever TLS is on.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The hub, resolved through service discovery.</summary>
    public Uri HubUrl { get; set; } = new("http://hub");

    /// <summary>The spawner, resolved through service discovery.</summary>
    public Uri SpawnerUrl { get; set; } = new("http://spawner");

    /// <summary>How often last activity per server is sent to the hub (which culls idle servers from it).</summary>
    public TimeSpan ActivityReportInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An open WebSocket (a kernel, a terminal) counts as activity this often.</summary>
    public TimeSpan WebSocketActivityInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the hub's answer to "may this credential use this server" is reused.</summary>
    public TimeSpan AuthorizationCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many cached decisions; beyond it the cache is emptied rather than grown.</summary>
    public int AuthorizationCacheSize { get; set; } = 10_000;

    /// <summary>First wait before reconnecting to the spawner's event stream; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Short, so that routes are back soon after a restarted spawner answers.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The spawner sends a keepalive every 15 s; a stream silent this long is taken for dead.</summary>
    public TimeSpan SpawnerStreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Health turns Degraded after the event stream has been down this long (routes may be stale).</summary>
    public TimeSpan SpawnerStreamDegradedAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Health turns Unhealthy after the event stream has been down this long.</summary>
    public TimeSpan SpawnerStreamUnhealthyAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest request body forwarded, in bytes; none by default, as configurable-http-proxy (backends set theirs).</summary>
    public long? MaxRequestBodySize { get; set; }

    /// <summary>An upstream exchange (a WebSocket included) idle this long is closed; nginx-style 300 s.</summary>
    public TimeSpan UpstreamActivityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
