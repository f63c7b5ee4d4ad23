using Lakehouse.LogShipper.Shipping;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lakehouse.LogShipper.Health;

/// <summary>Degraded while the broker is unreachable: the shipper still reads (up to its buffer) and nothing is lost,
/// but nothing is delivered either.</summary>
public sealed class BrokerHealthCheck(BrokerConnection broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsConnected
            ? HealthCheckResult.Healthy("Connected to the broker.")
            : HealthCheckResult.Degraded($"The broker is unreachable: {broker.LastError}"));
}
