using Lakehouse.ServiceDefaults.Telemetry;

namespace Lakehouse.Hub.Servers;

/// <summary>Counters for <c>/hub/metrics</c>, written in the Prometheus text format (JupyterHub's metric names where they exist).</summary>
public sealed class HubMetrics
{
    private long _spawnsStarted;
    private long _spawnsSucceeded;
    private long _spawnsFailed;
    private long _spawnDurationTicks;
    private long _culled;
    private long _limitRejections;

    public void SpawnStarted() => Interlocked.Increment(ref _spawnsStarted);

    public void SpawnSucceeded(TimeSpan duration)
    {
        Interlocked.Increment(ref _spawnsSucceeded);
        Interlocked.Add(ref _spawnDurationTicks, duration.Ticks);
    }

    public void SpawnFailed() => Interlocked.Increment(ref _spawnsFailed);

    public void Culled() => Interlocked.Increment(ref _culled);

    public void LimitRejected() => Interlocked.Increment(ref _limitRejections);

    public string Render(int users, int running, int pending)
    {
        var text = new PrometheusText()
            .Gauge("jupyterhub_total_users", "Users in the hub database.", users)
            .Gauge("jupyterhub_running_servers", "Servers running now.", running)
            .Gauge("jupyterhub_pending_spawns", "Spawns pending now.", pending)
            .Counter("lakehouse_hub_spawns_started_total", "Spawns begun.", Interlocked.Read(ref _spawnsStarted))
            .Header("jupyterhub_server_spawn_duration_seconds", "Time from a spawn's start to its end.", "summary")
            .Sample("jupyterhub_server_spawn_duration_seconds_count{status=\"success\"}", Interlocked.Read(ref _spawnsSucceeded))
            .Sample("jupyterhub_server_spawn_duration_seconds_sum{status=\"success\"}", TimeSpan.FromTicks(Interlocked.Read(ref _spawnDurationTicks)).TotalSeconds)
            .Sample("jupyterhub_server_spawn_duration_seconds_count{status=\"failure\"}", Interlocked.Read(ref _spawnsFailed))
            .Counter("lakehouse_hub_culled_servers_total", "Servers stopped by idle culling.", Interlocked.Read(ref _culled))
            .Counter("lakehouse_hub_limit_rejections_total", "Starts refused by the spawn or active server limit.", Interlocked.Read(ref _limitRejections));
        return text.ToString();
    }
}
