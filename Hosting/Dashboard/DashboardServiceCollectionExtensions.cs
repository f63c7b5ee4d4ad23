using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hosting;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Run mode: serve the dashboard. (Skeleton: filled by the dashboard.)</summary>
    public static IServiceCollection AddLakehouseDashboard(this IServiceCollection services) => services;
}
