using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Kubernetes;

public static class KubernetesClusterResourceBuilderExtensions
{
    /// <summary>
    /// In run mode, points the service's Kubernetes client (<c>Kubernetes</c> section) at the cluster: kubeconfig,
    /// context and namespace. Published services run in the cluster and use their service account instead.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesCluster<T>(this IResourceBuilder<T> builder, KubernetesCluster cluster)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsPublishMode)
            {
                return;
            }

            context.EnvironmentVariables["Kubernetes__Kubeconfig"] = cluster.Kubeconfig;
            context.EnvironmentVariables["Kubernetes__Context"] = cluster.Context;
            if (cluster.Namespace is { } ns)
            {
                context.EnvironmentVariables["Kubernetes__Namespace"] = ns;
            }
        });
}
