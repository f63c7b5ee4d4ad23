using Lakehouse.Contracts;
using Lakehouse.ServiceDefaults.Options;
using Lakehouse.ServiceDefaults.Security;
using Lakehouse.Spawner.Authentication;
using Lakehouse.Spawner.Backends;
using Lakehouse.Spawner.Backends.Homes;
using Lakehouse.Kubernetes.Extensions;
using Lakehouse.Spawner.Backends.Kubernetes;
using Lakehouse.Spawner.Backends.Local;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.Servers;
using Lakehouse.Spawner.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Extensions;

public static class SpawnerServiceExtensions
{
    public static IHostApplicationBuilder AddSpawnerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddValidatedOptions<SpawnerOptions, SpawnerOptionsValidator>()
            .BindConfiguration(SpawnerOptions.SectionName);
        services.AddValidatedOptions<ServiceTokenOptions, ServiceTokenOptionsValidator>()
            .BindConfiguration(ServiceTokenOptions.SectionName);
        services.AddValidatedOptions<DirectoryOptions, DirectoryOptionsValidator>()
            .BindConfiguration(DirectoryOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.StateDirectory ??= configuration[DirectoryOptions.EnvironmentVariable]);

        services.ConfigureHttpJsonOptions(options => ContractJson.Apply(options.SerializerOptions));

        // The spawner's own token is only presented to the fileserver, never accepted here.
        services.AddServiceTokenAuthentication<ServiceTokenOptions>(tokens =>
            [new(ServiceCallers.Hub, tokens.Hub), new(ServiceCallers.RouteController, tokens.RouteController)]);
        services.AddAuthorizationBuilder()
            .AddPolicy(ServiceCallers.ReadPolicy, policy => policy.RequireRole(ServiceCallers.Hub, ServiceCallers.RouteController))
            .AddPolicy(ServiceCallers.ManagePolicy, policy => policy.RequireRole(ServiceCallers.Hub));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StatePaths>();
        services.AddSingleton<ServerRecordStore>();
        services.AddSingleton<ServerChangeFeed>();
        services.AddSingleton<ServerReadinessProbe>();
        services.AddSingleton<StartRequestValidator>();
        services.AddSingleton<BootGate>();
        services.AddSingleton<ServerManager>();
        services.AddHostedService<ServerMonitor>();

        // Local processes by default; pods with Spawner:Backend=kubernetes. Chosen when first needed, from the bound
        // options, so that every configuration source counts.
        services.TryAddSingleton<IProcessPrivileges, ProcessPrivileges>();
        // Homes from the fileserver when the spawner has one (service discovery: services:fileserver), else its own;
        // decided when first needed, since tests and hosts may add configuration after this runs.
        services.AddHttpClient<FileServerClient>((sp, client) =>
        {
            client.BaseAddress = new Uri(FileServerClient.ServiceAddress);
            var token = sp.GetRequiredService<IOptionsMonitor<ServiceTokenOptions>>().CurrentValue.Spawner;
            if (!string.IsNullOrEmpty(token))
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
        });
        services.AddSingleton<FileServerHomeVolumes>();
        services.AddSingleton<IUserHomes>(sp => FileServerHomeVolumes.IsConfigured(sp.GetRequiredService<IConfiguration>())
            ? ActivatorUtilities.CreateInstance<FileServerHomes>(sp)
            : ActivatorUtilities.CreateInstance<UserHomes>(sp));
        services.AddSingleton<PortAllocator>();
        services.AddSingleton<LocalProcessBackend>();
        services.AddValidatedOptions<KubernetesBackendOptions, KubernetesBackendOptionsValidator>()
            .BindConfiguration(KubernetesBackendOptions.SectionName);
        services.AddKubernetesClient(builder.Configuration);
        services.AddSingleton<KubernetesBackend>();
        services.AddSingleton<IServerBackend>(sp => sp.GetRequiredService<IOptions<SpawnerOptions>>().Value.Backend == SpawnerOptions.KubernetesBackend
            ? sp.GetRequiredService<KubernetesBackend>()
            : sp.GetRequiredService<LocalProcessBackend>());

        return builder;
    }
}
