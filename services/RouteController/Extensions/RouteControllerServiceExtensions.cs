using Lakehouse.Contracts;
using Lakehouse.RouteController.Access;
using Lakehouse.RouteController.Activity;
using Lakehouse.Kubernetes.Extensions;
using Lakehouse.RouteController.Health;
using Lakehouse.RouteController.Kubernetes;
using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Proxy;
using Lakehouse.RouteController.Routing;
using Lakehouse.RouteController.Spawner;
using Lakehouse.ServiceDefaults.Options;
using Lakehouse.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Extensions;

public static class RouteControllerServiceExtensions
{
    public static IHostApplicationBuilder AddRouteControllerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddValidatedOptions<ProxyOptions, ProxyOptionsValidator>()
            .BindConfiguration(ProxyOptions.SectionName);
        services.AddValidatedOptions<CredentialOptions, CredentialOptionsValidator>()
            .BindConfiguration(CredentialOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RouteTable>();
        services.AddSingleton(sp => new SparkUiHost(sp.GetRequiredService<IOptions<ProxyOptions>>().Value.Domain));
        services.AddSingleton<ActivityTracker>();
        services.AddSingleton<AccessDecisionCache>();
        services.AddSingleton<SpawnerConnectionState>();

        // Short calls to the hub keep the standard resilience handler (service discovery included).
        services.AddHttpClient<HubAccessAuthorizer>(ConfigureHubClient);
        services.AddHttpClient<ActivityReporter>(ConfigureHubClient);
        services.AddHttpClient<SparkUiLogin>(ConfigureHubClient);
        services.AddHostedService(sp => sp.GetRequiredService<ActivityReporter>());

        // The event stream lives for hours: no per-attempt timeout, no retries (the follower reconnects itself).
        services.AddHttpClient<SpawnerEventsFollower>((sp, client) =>
                client.BaseAddress = sp.GetRequiredService<IOptions<ProxyOptions>>().Value.SpawnerUrl)
            .RemoveAllResilienceHandlers();
        services.AddHostedService(sp => sp.GetRequiredService<SpawnerEventsFollower>());

        services.AddHealthChecks().AddCheck<SpawnerStreamHealthCheck>("spawner-events");

        // Kubernetes mode: each lab pod's Service and VirtualService (off unless RouteController:Kubernetes:Enabled).
        services.AddValidatedOptions<LabObjectsOptions, LabObjectsOptionsValidator>()
            .BindConfiguration(LabObjectsOptions.SectionName);
        services.AddKubernetesClient(builder.Configuration);
        services.AddHostedService<LabObjectsService>();

        services.AddHttpForwarder();
        services.AddSingleton<UpstreamInvoker>();
        services.AddSingleton<UpstreamTransformer>();
        services.AddSingleton<Proxy.Upgrade.UpgradeForwarder>();
        services.AddSingleton<PublicProxy>();

        return builder;
    }

    private static void ConfigureHubClient(IServiceProvider services, HttpClient client) =>
        client.BaseAddress = services.GetRequiredService<IOptions<ProxyOptions>>().Value.HubUrl;
}
