using Lakehouse.Hosting.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Run mode: serve the dashboard (configuration section <c>Dashboard</c>) from the AppHost process.
    /// Needs an <see cref="Orchestration.IResourceMonitor"/>.</summary>
    public static IServiceCollection AddLakehouseDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton<DashboardServer>();
        services.AddHostedService(provider => provider.GetRequiredService<DashboardServer>());
        return services;
    }
}
