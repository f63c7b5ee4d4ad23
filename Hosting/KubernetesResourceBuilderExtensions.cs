using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

/// <summary>How a resource runs in a cluster: its permissions, pod shape and mounts. They change nothing in run mode.</summary>
public static class KubernetesResourceBuilderExtensions
{
    /// <summary>
    /// Lets the resource's ServiceAccount do exactly these things in a namespace (null: the platform's): a Role
    /// and a RoleBinding there. Without any, the ServiceAccount's token is not even mounted.
    /// </summary>
    public static IResourceBuilder<T> WithKubernetesRole<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource>? @namespace, params KubernetesPolicyRule[] rules)
        where T : IResource
    {
        if (rules.Length == 0)
        {
            throw new ArgumentException("A Role needs at least one rule.", nameof(rules));
        }

        return builder.WithAnnotation(new KubernetesRoleAnnotation(@namespace?.Resource, rules));
    }

    /// <summary>One pod on every node (a DaemonSet), for node agents such as a log shipper.</summary>
    public static IResourceBuilder<T> PublishAsDaemonSet<T>(this IResourceBuilder<T> builder)
        where T : IResource =>
        builder.WithAnnotation(new DaemonSetAnnotation());

    /// <summary>Mounts a folder of the node; <paramref name="type"/> is the hostPath type (Directory, DirectoryOrCreate …).</summary>
    public static IResourceBuilder<T> WithHostPathMount<T>(
        this IResourceBuilder<T> builder, string hostPath, string mountPath, bool isReadOnly = false, string type = "Directory")
        where T : IResource =>
        builder.WithAnnotation(new HostPathMountAnnotation(AbsolutePath(hostPath), AbsolutePath(mountPath), isReadOnly, type));

    /// <summary>Runs as root in its container, every capability dropped except these (for example CHOWN for a
    /// service that gives users their folders). Without this, projects run as a non-root user.</summary>
    public static IResourceBuilder<T> PublishAsRoot<T>(this IResourceBuilder<T> builder, params string[] capabilities)
        where T : IResource =>
        builder.WithAnnotation(new RunAsRootAnnotation(capabilities));

    /// <summary>Mounts an existing claim (such as an NFS volume's ReadWriteMany claim).</summary>
    public static IResourceBuilder<T> WithVolumeClaimMount<T>(this IResourceBuilder<T> builder, string claimName, string mountPath, string? subPath = null)
        where T : IResource =>
        builder.WithAnnotation(new VolumeClaimMountAnnotation(claimName, AbsolutePath(mountPath), subPath));

    /// <summary>A ReadWriteOnce claim of its own, sized by a parameter, mounted at <paramref name="mountPath"/>;
    /// the Deployment then replaces its pod rather than running two at once.</summary>
    public static IResourceBuilder<T> WithPersistentVolumeClaim<T>(
        this IResourceBuilder<T> builder, string name, string mountPath, IResourceBuilder<ParameterResource> size)
        where T : IResource
    {
        ResourceName.Validate(name);
        return builder.WithAnnotation(new PersistentVolumeClaimAnnotation(name, AbsolutePath(mountPath), size.Resource));
    }

    /// <summary>A file the container finds at <paramref name="path"/> in a cluster (from a ConfigMap).</summary>
    public static IResourceBuilder<T> WithConfigFile<T>(this IResourceBuilder<T> builder, string path, string content)
        where T : IResource =>
        builder.WithAnnotation(new ConfigFileAnnotation(AbsolutePath(path), content));

    /// <summary>An environment variable taken from the pod's own fields, e.g. <c>spec.nodeName</c>.</summary>
    public static IResourceBuilder<T> WithPodFieldEnvironment<T>(this IResourceBuilder<T> builder, string name, string fieldPath)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new PodFieldEnvironmentAnnotation(name, fieldPath));

    /// <summary>The cluster's gateway routes these public hosts to one endpoint of the resource.</summary>
    public static IResourceBuilder<T> WithGatewayRoute<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<KubernetesEnvironmentResource> environment, string endpointName, params ReferenceExpression[] hosts)
        where T : IResourceWithEndpoints
    {
        if (hosts.Length == 0)
        {
            throw new ArgumentException("A gateway route needs at least one host.", nameof(hosts));
        }

        return builder.WithAnnotation(new GatewayRouteAnnotation(environment.Resource, hosts, endpointName));
    }

    private static string AbsolutePath(string path) =>
        path is ['/', ..] && !path.Split('/').Contains("..")
            ? path
            : throw new ArgumentException($"'{path}' must be an absolute path without '..'.", nameof(path));
}
