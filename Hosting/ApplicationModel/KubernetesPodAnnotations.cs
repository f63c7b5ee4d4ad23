namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>In a cluster the resource runs one pod on every node (a DaemonSet) instead of one replica.</summary>
public sealed record DaemonSetAnnotation : IResourceAnnotation;

/// <summary>A folder of the node mounted into the container in a cluster.</summary>
public sealed record HostPathMountAnnotation(string HostPath, string MountPath, bool IsReadOnly, string Type) : IResourceAnnotation;

/// <summary>In a cluster the container runs as root with every capability dropped except <see cref="Capabilities"/>.</summary>
public sealed record RunAsRootAnnotation(IReadOnlyList<string> Capabilities) : IResourceAnnotation;

/// <summary>An existing claim (shared, e.g. ReadWriteMany) mounted into the container in a cluster.</summary>
public sealed record VolumeClaimMountAnnotation(string ClaimName, string MountPath, string? SubPath = null) : IResourceAnnotation;

/// <summary>A claim of its own (ReadWriteOnce, size from a value) that the resource's Deployment mounts; published as a PersistentVolumeClaim.</summary>
public sealed record PersistentVolumeClaimAnnotation(string Name, string MountPath, object Size) : IResourceAnnotation;

/// <summary>A file the container finds at <see cref="Path"/> in a cluster, carried by the ConfigMap <c>{name}-files</c>.</summary>
public sealed record ConfigFileAnnotation(string Path, string Content) : IResourceAnnotation;

/// <summary>An environment variable a pod takes from its own fields (e.g. <c>spec.nodeName</c>), through the downward API.</summary>
public sealed record PodFieldEnvironmentAnnotation(string Name, string FieldPath) : IResourceAnnotation;

/// <summary>Public hosts routed by the cluster's gateway to one endpoint of the resource (an Istio VirtualService).</summary>
public sealed record GatewayRouteAnnotation(KubernetesEnvironmentResource Environment, IReadOnlyList<ReferenceExpression> Hosts, string EndpointName) : IResourceAnnotation;
