namespace Lakehouse.LogShipper.Options;

/// <summary>The <c>LogShipper</c> section: what to read, where to ship it, and how much to hold in memory.</summary>
public sealed class LogShipperOptions
{
    public const string SectionName = "LogShipper";

    /// <summary>The files to tail. Empty means the local defaults under the state folder:
    /// <c>logs/*.log</c> (services) and <c>logs/servers/*.log</c> (users' servers).</summary>
    public List<LogSourceOptions> Sources { get; set; } = [];

    /// <summary>Where read offsets are kept; default <c>{state}/log-shipper/registry.json</c>.</summary>
    public string? RegistryPath { get; set; }

    /// <summary>The durable topic exchange events go to.</summary>
    public string Exchange { get; set; } = "lakehouse.logs";

    /// <summary>The host name events carry; in a cluster the DaemonSet passes the node's name.</summary>
    public string? Host { get; set; }

    /// <summary>In a cluster, pods whose name starts with this are users' servers (KubeSpawner's <c>jupyter-{username}</c>).</summary>
    public string UserPodPrefix { get; set; } = "jupyter-";

    /// <summary>Most events unconfirmed at once (published in slices, committed in order): what a crash can duplicate.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Backpressure: the most bytes of events read but not yet confirmed. Readers wait above it.</summary>
    /// <remarks>A few batches ahead of the publisher is all it needs to stay busy; more only holds lines in memory
    /// that wait as well on disk (2 MiB instead of 8 cut the drain after an outage from about 140 to 120 MiB RSS).</remarks>
    public int MaxBufferedBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Longer events (a huge line, a runaway traceback) are cut to this many bytes.</summary>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>How often files are read for new lines.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the source globs are expanded again for new files.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A traceback or partial CRI line with no continuation for this long is shipped as it is.</summary>
    public TimeSpan MultilineTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A batch not confirmed within this time is published again on a new connection.</summary>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting to the broker; doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Optional forwarding of every event to a remote broker (LSST's shovel).</summary>
    public ForwardOptions Forward { get; set; } = new();
}
