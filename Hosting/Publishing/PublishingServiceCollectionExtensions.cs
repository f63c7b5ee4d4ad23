using Lakehouse.Hosting.Publishing;
using Lakehouse.Hosting.Publishing.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hosting;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>Publish mode: write <c>aspire-manifest.json</c> and the Kubernetes manifests to <c>--output-path</c>, then exit.</summary>
    public static IServiceCollection AddLakehousePublishing(this IServiceCollection services)
    {
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName);
        services.AddSingleton<AspireManifestWriter>();
        services.AddSingleton<KubernetesManifestWriter>();
        services.AddSingleton<DistributedApplicationPublisher>();
        services.AddHostedService<PublishingHostedService>();
        // A command that writes files, not a server: no "Press Ctrl+C to shut down".
        services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        return services;
    }
}
