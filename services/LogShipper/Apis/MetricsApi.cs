using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Shipping;
using Lakehouse.ServiceDefaults.Telemetry;

namespace Lakehouse.LogShipper.Apis;

/// <summary><c>GET /metrics</c>: lines read and shipped, retries and lag, in the Prometheus text format.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (ShipperMetrics metrics, EventBuffer buffer, BrokerConnection broker) =>
            Results.Text(metrics.Render(buffer.BufferedBytes, broker.IsConnected), PrometheusText.ContentType));
        return endpoints;
    }
}
