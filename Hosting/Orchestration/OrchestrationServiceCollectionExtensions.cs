using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>Run mode: start every resource as a child process; the orchestrator is also the <see cref="IResourceMonitor"/>.</summary>
    public static IServiceCollection AddLakehouseOrchestration(this IServiceCollection services)
    {
        services.AddOptions<OrchestratorOptions>()
            .BindConfiguration(OrchestratorOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrchestratorOptions>, OrchestratorOptionsValidator>();

        // Shutdown stops resources dependents first, each with its grace period, then sweeps: give it the time.
        services.AddOptions<HostOptions>()
            .Configure<IOptions<OrchestratorOptions>, DistributedApplicationModel>((host, orchestrator, model) =>
            {
                var levels = DependencyGraph.Levels(model.Resources, out _).Values.DefaultIfEmpty(0).Max() + 1;
                var budget = orchestrator.Value.ShutdownBudget(levels);
                if (host.ShutdownTimeout < budget)
                {
                    host.ShutdownTimeout = budget;
                }
            });

        services.AddSingleton(sp => new RunModeVariables(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IOptions<OrchestratorOptions>>(),
            sp.GetRequiredService<DistributedApplicationExecutionContext>()));
        services.AddSingleton(sp => new ResourceOrchestrator(
            sp.GetRequiredService<DistributedApplicationModel>(),
            sp.GetRequiredService<DistributedApplicationExecutionContext>(),
            sp,
            sp.GetRequiredService<IOptions<OrchestratorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<RunModeVariables>()));
        services.AddSingleton<IResourceMonitor>(sp => sp.GetRequiredService<ResourceOrchestrator>());
        services.AddHostedService(sp => sp.GetRequiredService<ResourceOrchestrator>());
        return services;
    }
}
