using Lakehouse.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Aspire's namespace, so that real Aspire can replace this without touching callers.
namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceDiscoveryServiceCollectionExtensions
{
    /// <summary>Registers the configuration-based <see cref="IServiceEndpointResolver"/>.</summary>
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<IServiceEndpointResolver, ServiceEndpointResolver>();
        services.TryAddTransient<ServiceDiscoveryHttpMessageHandler>();
        return services;
    }
}
