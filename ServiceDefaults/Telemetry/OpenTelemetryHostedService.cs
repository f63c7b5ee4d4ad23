using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the TracerProvider and MeterProvider (OpenTelemetry.Extensions.Hosting is not available here): built before
/// any other hosted service or the server starts, disposed after they have all stopped, which flushes the last spans
/// and metrics to the collector.
/// </summary>
public sealed class OpenTelemetryHostedService(IConfiguration configuration, IHostEnvironment environment)
    : IHostedLifecycleService, IDisposable
{
    private TracerProvider? _tracerProvider;
    private MeterProvider? _meterProvider;

    /// <summary>Request paths whose server spans are not exported (the health probes).</summary>
    public static IReadOnlyCollection<string> ExcludedRequestPaths { get; } =
        [Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath];

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var applicationName = environment.ApplicationName;

        // The exporter, its batching and the resource detectors read OTEL_* keys from this configuration, so they
        // follow the app's configuration (environment included) rather than only the process environment.
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource => resource.AddLakehouseService(applicationName))
            .AddSource([.. TelemetrySources.ActivitySources, applicationName])
            .AddProcessor(new HealthProbeTraceFilter(ExcludedRequestPaths))
            .AddOtlpExporter()
            .Build();

        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource => resource.AddLakehouseService(applicationName))
            .AddMeter([.. TelemetrySources.Meters, applicationName])
            .AddOtlpExporter()
            .Build();

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Dispose flushes pending batches; a second call is a no-op.
        Interlocked.Exchange(ref _tracerProvider, null)?.Dispose();
        Interlocked.Exchange(ref _meterProvider, null)?.Dispose();
    }
}
