using Lakehouse.ServiceDefaults.Telemetry;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Lakehouse.ServiceDefaults.Tests.Telemetry;

[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    private static Dictionary<string, string?> OtlpSettings(OtlpHttpReceiver receiver) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    [Fact]
    public async Task Request_trace_reaches_the_collector_with_service_name_and_route_but_probes_do_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(ct);
        var serviceName = $"lakehouse-otlp-{Guid.NewGuid():N}";
        var settings = OtlpSettings(receiver);
        settings["OTEL_SERVICE_NAME"] = serviceName;

        var builder = LoopbackApp.CreateBuilder("lakehouse-otlp", settings);
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/orders/{id}", (string id, ILogger<OtlpExportTests> logger) =>
        {
            logger.LogInformation("Order {OrderId} looked up", id);
            return id;
        });
        await app.StartAsync(ct);
        using var client = app.CreateClient();

        // Probes first: spans are exported in the order they end, so once the order's span has arrived, a probe
        // span would have too. Probes go over a bare socket, as a kubelet's would, so no client span names them.
        Assert.Equal(200, await RawHttp.GetStatusAsync(app.Address(), "/health", ct));
        Assert.Equal(200, await RawHttp.GetStatusAsync(app.Address(), "/alive", ct));
        (await client.GetAsync("/orders/42", ct)).EnsureSuccessStatusCode();

        await Poll.UntilAsync(() => receiver.HasExportContaining("traces", serviceName, "/orders/{id}"), "the request's span");
        await Poll.UntilAsync(() => receiver.HasExportContaining("logs", serviceName, "Order 42 looked up"), "the request's log");
        await Poll.UntilAsync(() => receiver.HasExportContaining("metrics", serviceName, "http.server.request.duration"), "request metrics");

        Assert.DoesNotContain(receiver.Exports("traces"), body => OtlpHttpReceiver.Contains(body, "/health"));
        Assert.DoesNotContain(receiver.Exports("traces"), body => OtlpHttpReceiver.Contains(body, "/alive"));
    }

    [Fact]
    public async Task Service_name_falls_back_to_the_application_name_and_resource_attributes_are_added()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(ct);
        var instance = Guid.NewGuid().ToString("N");
        var settings = OtlpSettings(receiver);
        settings["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance}";

        var builder = LoopbackApp.CreateBuilder("lakehouse-fallback-name", settings);
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync(ct);
        using var client = app.CreateClient();

        (await client.GetAsync("/ping", ct)).EnsureSuccessStatusCode();

        await Poll.UntilAsync(
            () => receiver.HasExportContaining("traces", "lakehouse-fallback-name", instance, "/ping"),
            "a span carrying the application name and the instance id");
    }

    [Fact]
    public async Task Spans_still_ending_at_shutdown_are_flushed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpHttpReceiver.StartAsync(ct);
        var serviceName = $"lakehouse-flush-{Guid.NewGuid():N}";
        var settings = OtlpSettings(receiver);
        settings["OTEL_SERVICE_NAME"] = serviceName;
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "600000"; // never on the timer: only the shutdown flush exports

        var builder = LoopbackApp.CreateBuilder("lakehouse-flush", settings);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapGet("/last", () => "bye");
        await app.StartAsync(ct);
        using (var client = app.CreateClient())
        {
            (await client.GetAsync("/last", ct)).EnsureSuccessStatusCode();
        }

        await app.StopAsync(ct);
        await app.DisposeAsync();

        Assert.True(receiver.HasExportContaining("traces", serviceName, "/last"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("http://127.0.0.1:4318", true)]
    public async Task Telemetry_pipeline_is_built_only_when_an_endpoint_is_configured(string? endpoint, bool expected)
    {
        var builder = LoopbackApp.CreateBuilder("lakehouse-quiet", new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        Assert.Equal(expected, app.Services.GetServices<IHostedService>().OfType<OpenTelemetryHostedService>().Any());
        Assert.Equal(expected, app.Services.GetServices<ILoggerProvider>().OfType<OpenTelemetryLoggerProvider>().Any());
        Assert.Equal(expected, app.Services.GetServices<IStartupFilter>().OfType<ServerSpanEnrichmentStartupFilter>().Any());
    }
}
