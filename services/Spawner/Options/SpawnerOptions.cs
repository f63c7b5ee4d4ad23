namespace Lakehouse.Spawner.Options;

/// <summary>The spawner's settings, from the <c>Spawner</c> configuration section.</summary>
public sealed class SpawnerOptions
{
    public const string SectionName = "Spawner";

    public const string LocalBackend = "local";
    public const string KubernetesBackend = "kubernetes";

    /// <summary>Where servers run: <c>local</c> processes, or <c>kubernetes</c> pods (see <c>Spawner:Kubernetes</c>).</summary>
    public string Backend { get; set; } = LocalBackend;

    /// <summary>
    /// Debian's Jupyter server, named in full (the <c>python3</c> on PATH may be another interpreter), run with the
    /// server's options only. Its own entry point rather than <c>jupyter server</c>: that launcher starts a Python
    /// only to find <c>jupyter-server</c> and exec it, about 60 ms and as much CPU of every spawn.
    /// </summary>
    public string JupyterPath { get; set; } = "/usr/bin/jupyter-server";

    /// <summary>From the start request to a server that answers; JupyterHub's default.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a starting server is asked whether it answers. Short: the wait after the server is up is spawn
    /// overhead, and asking a port nobody listens on yet costs one refused connect.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// How often a starting server is asked at the least when its backend shows progress (a local server's log
    /// growing): then it is asked at once when the log grows, and only this often otherwise.
    /// </summary>
    public TimeSpan ProbeFallbackInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often running servers are checked for having died.</summary>
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Between SIGTERM and SIGKILL when a server is stopped.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Local servers booting at once (from launch to first answer); more wait their turn, and their progress says so.
    /// One per core: a boot is nine-tenths CPU, and two boots sharing a core each took a fifth more CPU than one alone
    /// (20 at once on 2 cores: the servers' CPU 12.6–15.2 s in turns of 2, 15.7–17.2 s in turns of 4; docs/benchmarks.md).
    /// Pods boot on their nodes and do not wait.
    /// </summary>
    public int ConcurrentBoots { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a server found after a spawner restart has to answer before it is given up.</summary>
    public TimeSpan AdoptionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Between SSE keepalive comments, so that idle streams survive proxies.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Ports for servers and their Spark UIs, two per server. The default range lies below Linux's ephemeral range
    /// (32768-60999), so outgoing connections do not take them.
    /// </summary>
    public int FirstPort { get; set; } = 20000;

    public int LastPort { get; set; } = 29999;

    /// <summary>Servers never run as system accounts (or root): uids below this are refused.</summary>
    public int MinimumUid { get; set; } = 1000;

    /// <summary>
    /// Servers never run in system groups (or root's): a primary or supplementary gid below this is refused. Groups
    /// such as <c>disk</c> or <c>shadow</c> are as good as root.
    /// </summary>
    public int MinimumGid { get; set; } = 1000;

    /// <summary>
    /// Without root, servers cannot run as their users: they would all run as the spawner's own account, able to read
    /// each other's files and the spawner's environment. Starts are then refused unless this is set, for a
    /// single-user development machine.
    /// </summary>
    public bool AllowSharedUser { get; set; }
}
