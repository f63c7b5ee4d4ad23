using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Spawner;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Health;

/// <summary>
/// Healthy while the spawner's event stream is followed; after a while without it routes may be stale (Degraded),
/// and after longer the proxy cannot be trusted to know the servers (Unhealthy). Short reconnects stay Healthy.
/// </summary>
public sealed class SpawnerStreamHealthCheck(SpawnerConnectionState connection, IOptionsMonitor<ProxyOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var (connected, down) = connection.Current;
        var seconds = (int)down.TotalSeconds;
        var result = connected ? HealthCheckResult.Healthy("Following the spawner's events.")
            : down >= settings.SpawnerStreamUnhealthyAfter
                ? HealthCheckResult.Unhealthy($"The spawner's event stream has been down for {seconds} s.")
            : down >= settings.SpawnerStreamDegradedAfter
                ? HealthCheckResult.Degraded($"The spawner's event stream has been down for {seconds} s; routes may be stale.")
            : HealthCheckResult.Healthy("Reconnecting to the spawner's events.");
        return Task.FromResult(result);
    }
}
