using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hosting;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>Run mode: start every resource as a child process. (Skeleton: filled by the orchestrator.)</summary>
    public static IServiceCollection AddLakehouseOrchestration(this IServiceCollection services) => services;
}
