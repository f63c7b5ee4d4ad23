using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hosting;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>Publish mode: write the manifest and the Kubernetes manifests. (Skeleton: filled by the publishers.)</summary>
    public static IServiceCollection AddLakehousePublishing(this IServiceCollection services) => services;
}
