using Microsoft.Extensions.Configuration;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>The OpenTelemetry environment settings ServiceDefaults looks at; the OTLP exporter reads the rest itself.</summary>
public static class OtlpSettings
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Exporters are built only when a collector is configured: no endpoint, no cost.</summary>
    public static bool IsExportEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointKey]);
}
