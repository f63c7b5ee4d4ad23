using Lakehouse.Contracts;
using Lakehouse.FileServer.Authentication;
using Lakehouse.FileServer.Files;
using Lakehouse.FileServer.Homes;
using Lakehouse.FileServer.Options;
using Lakehouse.ServiceDefaults.Options;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lakehouse.FileServer.Extensions;

public static class FileServerServiceExtensions
{
    public static IHostApplicationBuilder AddFileServerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddValidatedOptions<HomesOptions, HomesOptionsValidator>()
            .BindConfiguration(HomesOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.StateDirectory ??= configuration["Lakehouse:StateDirectory"] ?? configuration["LAKEHOUSE_STATE_DIR"]);
        services.AddValidatedOptions<ServiceTokenOptions, ServiceTokenOptionsValidator>()
            .BindConfiguration(ServiceTokenOptions.SectionName);

        services.ConfigureHttpJsonOptions(options => ContractJson.Apply(options.SerializerOptions));

        services.AddServiceTokenAuthentication<ServiceTokenOptions>(tokens =>
            [new(FileServerCallers.Hub, tokens.Hub), new(FileServerCallers.Spawner, tokens.Spawner)]);
        services.AddAuthorizationBuilder()
            .AddPolicy(FileServerCallers.HomesPolicy, policy => policy.RequireRole(FileServerCallers.Hub, FileServerCallers.Spawner))
            .AddPolicy(FileServerCallers.ManagePolicy, policy => policy.RequireRole(FileServerCallers.Hub));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HomesRoot>();
        services.AddSingleton<UserLocks>();
        services.AddSingleton<QuotaStore>();
        services.AddSingleton<UsageTracker>();
        services.AddSingleton<HomeProvisioner>();
        services.AddSingleton<HomeStore>();
        services.AddSingleton<HomeFiles>();
        services.AddHostedService<HomesStartup>();
        services.AddHostedService<UsageReconciler>();

        return builder;
    }
}
