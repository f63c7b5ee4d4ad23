using Lakehouse.LogShipper.Health;
using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Registry;
using Lakehouse.LogShipper.Shipping;
using Lakehouse.LogShipper.Sources;
using Lakehouse.ServiceDefaults.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lakehouse.LogShipper.Extensions;

public static class LogShipperServiceExtensions
{
    public static IHostApplicationBuilder AddLogShipperServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LogShipperOptions, LogShipperOptionsValidator>()
            .BindConfiguration(LogShipperOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ShipperPaths>();
        services.AddSingleton<OffsetRegistry>();
        services.AddSingleton<EventBuffer>();
        services.AddSingleton<ShipperMetrics>();
        services.AddSingleton<BrokerConnection>();
        services.AddHostedService<PublishService>();
        services.AddHostedService<FileTailService>();
        services.AddHostedService<ForwardService>();
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker");
        return builder;
    }
}
