using Lakehouse.ServiceDefaults.ServiceDiscovery;

// Aspire's namespace, so that real Aspire can replace this without touching callers.
namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceDiscoveryHttpClientBuilderExtensions
{
    /// <summary>Resolves the service named by each request's address (<c>http://hub/…</c>) before it is sent.</summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder httpClientBuilder)
    {
        httpClientBuilder.Services.AddServiceDiscovery();
        httpClientBuilder.AddHttpMessageHandler<ServiceDiscoveryHttpMessageHandler>();
        return httpClientBuilder;
    }
}
