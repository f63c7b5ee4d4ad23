using Lakehouse.ServiceDefaults.Logging;
using Lakehouse.ServiceDefaults.Memory;
using Lakehouse.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.Hosting;

/// <summary>Aspire's ServiceDefaults: health, telemetry, service discovery and logging for every service.</summary>
public static class Extensions
{
    internal const string HealthEndpointPath = "/health";
    internal const string AlivenessEndpointPath = "/alive";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.AddIdleMemoryTrimming();
        builder.Services.AddProblemDetails();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Resilience outside discovery, as in Aspire: each retry resolves again and may reach another instance.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>JSON console logs in a cluster, single-line text locally; an explicit Logging:Console setting wins.</summary>
    public static TBuilder ConfigureConsoleLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ConsoleLogFormat.AddDefaults(builder.Configuration, ConsoleLogFormat.Choose(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol, headers and
    /// batching from the other OTEL_* settings). Without it nothing is built.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!OtlpSettings.IsExportEnabled(builder.Configuration))
        {
            return builder;
        }

        var applicationName = builder.Environment.ApplicationName;
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddLakehouseService(applicationName));
            logging.AddOtlpExporter();
        });

        builder.Services.AddHostedService<OpenTelemetryHostedService>();
        builder.Services.AddTransient<IStartupFilter, ServerSpanEnrichmentStartupFilter>();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// An unhandled exception answers a bare 500 (a problem document to JSON clients) and is logged, in every
    /// environment: a local run is Development, as in Aspire, and ASP.NET's developer page would show users the
    /// exception and its stack. Called first after <c>Build()</c>, so that it sits inside that page.
    /// </summary>
    public static WebApplication UseDefaultExceptionHandler(this WebApplication app)
    {
        app.UseExceptionHandler();
        return app;
    }

    /// <summary>Maps <c>/health</c> (every check) and <c>/alive</c> (the <c>live</c> checks) in every environment: Kubernetes probes use them.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        return app;
    }
}
