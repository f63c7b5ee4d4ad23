using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Client;
using Lakehouse.RouteController.Routing;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Kubernetes;

/// <summary>
/// Runs the <see cref="LabObjectsController"/> when Kubernetes mode is on; otherwise does nothing (and needs no
/// cluster). The client is resolved only then, because outside a cluster without a kubeconfig it cannot be made.
/// </summary>
internal sealed class LabObjectsService(
    IServiceProvider services,
    IOptions<LabObjectsOptions> options,
    SparkUiHost sparkUiHost,
    TimeProvider timeProvider,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var controller = new LabObjectsController(
            services.GetRequiredService<KubernetesClient>(),
            new LabObjects(sparkUiHost, options.Value.Gateway, options.Value.SparkUiUpstream),
            options.Value.ResyncInterval,
            timeProvider,
            loggers.CreateLogger<LabObjectsController>(),
            options.Value.Namespace);
        await controller.RunAsync(stoppingToken);
    }
}
