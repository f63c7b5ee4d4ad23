using OpenTelemetry.Resources;

namespace Lakehouse.ServiceDefaults.Telemetry;

public static class ServiceResourceBuilderExtensions
{
    /// <summary>
    /// service.name is the application's name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise:
    /// the environment detector comes last, so it wins.
    /// </summary>
    public static ResourceBuilder AddLakehouseService(this ResourceBuilder resource, string applicationName) =>
        resource.Clear()
            .AddService(applicationName)
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector();
}
