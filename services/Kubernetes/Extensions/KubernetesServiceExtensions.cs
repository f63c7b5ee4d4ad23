using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lakehouse.Kubernetes.Extensions;

public static class KubernetesServiceExtensions
{
    /// <summary>
    /// Registers a <see cref="KubernetesClient"/> configured from the <c>Kubernetes</c> section: a kubeconfig when one
    /// is named (or no service account is mounted), in-cluster otherwise.
    /// </summary>
    public static IServiceCollection AddKubernetesClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesClientOptions>().Bind(configuration.GetSection(KubernetesClientOptions.SectionName));
        services.TryAddSingleton(sp => ResolveConfiguration(sp.GetRequiredService<IOptions<KubernetesClientOptions>>().Value));
        services.TryAddSingleton(sp => new KubernetesClient(sp.GetRequiredService<KubernetesConfiguration>()));
        return services;
    }

    public static KubernetesConfiguration ResolveConfiguration(KubernetesClientOptions options)
    {
        var kubeconfig = options.Kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(':')[0];
        if (kubeconfig is null && options.Context is null && InClusterConfiguration.IsAvailable())
        {
            return InClusterConfiguration.Load(namespaceOverride: options.Namespace);
        }

        kubeconfig ??= Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return KubeconfigLoader.Load(kubeconfig, options.Context, options.Namespace);
    }
}
