using System.Diagnostics;
using OpenTelemetry;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps health probes out of exported traces: Kubernetes calls them every few seconds. Registered before the
/// exporter, it clears the Recorded flag, which export processors honour.
/// </summary>
public sealed class HealthProbeTraceFilter(IReadOnlyCollection<string> probePaths) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.Kind == ActivityKind.Server && IsProbe(data))
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private bool IsProbe(Activity activity) =>
        activity.GetTagItem(ServerSpanTags.UrlPath) is string path
        && probePaths.Contains(path, StringComparer.OrdinalIgnoreCase);
}
