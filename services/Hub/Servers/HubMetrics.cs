using System.Globalization;
using System.Text;

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
        var text = new StringBuilder();
        Gauge(text, "jupyterhub_total_users", "Users in the hub database.", users);
        Gauge(text, "jupyterhub_running_servers", "Servers running now.", running);
        Gauge(text, "jupyterhub_pending_spawns", "Spawns pending now.", pending);
        Counter(text, "lakehouse_hub_spawns_started_total", "Spawns begun.", Interlocked.Read(ref _spawnsStarted));
        text.Append("# HELP jupyterhub_server_spawn_duration_seconds Time from a spawn's start to its end.\n");
        text.Append("# TYPE jupyterhub_server_spawn_duration_seconds summary\n");
        var succeeded = Interlocked.Read(ref _spawnsSucceeded);
        Line(text, "jupyterhub_server_spawn_duration_seconds_count{status=\"success\"}", succeeded);
        Line(text, "jupyterhub_server_spawn_duration_seconds_sum{status=\"success\"}", TimeSpan.FromTicks(Interlocked.Read(ref _spawnDurationTicks)).TotalSeconds);
        Line(text, "jupyterhub_server_spawn_duration_seconds_count{status=\"failure\"}", Interlocked.Read(ref _spawnsFailed));
        Counter(text, "lakehouse_hub_culled_servers_total", "Servers stopped by idle culling.", Interlocked.Read(ref _culled));
        Counter(text, "lakehouse_hub_limit_rejections_total", "Starts refused by the spawn or active server limit.", Interlocked.Read(ref _limitRejections));
        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, double value) => Metric(text, name, help, "gauge", value);

    private static void Counter(StringBuilder text, string name, string help, double value) => Metric(text, name, help, "counter", value);

    private static void Metric(StringBuilder text, string name, string help, string type, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        Line(text, name, value);
    }

    private static void Line(StringBuilder text, string series, double value) =>
        text.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
