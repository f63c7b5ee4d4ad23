namespace Lakehouse.RouteController.Kubernetes;

/// <summary>
/// Kubernetes mode (<c>RouteController:Kubernetes</c>): for every lab pod, a Service and an Istio VirtualService. The
/// cluster and namespace come from the <c>Kubernetes</c> section (in-cluster by default).
/// </summary>
public sealed class LabObjectsOptions
{
    public const string SectionName = "RouteController:Kubernetes";

    public bool Enabled { get; set; }

    /// <summary>The lab pods' namespace; the client's (the <c>Kubernetes</c> section's, or the context's) when unset.</summary>
    public string? Namespace { get; set; }

    /// <summary>The Istio gateway the Spark UI hosts are served on, as <c>namespace/name</c>.</summary>
    public string Gateway { get; set; } = "istio-system/lakehouse-gateway";

    /// <summary>
    /// Where the Spark UI hosts are sent, as <c>host:port</c>. Unset: the lab Service's 4040, as in the original,
    /// which bypasses the proxy's access check; set it to the route controller's public Service (for example
    /// <c>route-controller:8000</c>) to keep each Spark UI behind the hub's authorization.
    /// </summary>
    public string? SparkUiUpstream { get; set; }

    /// <summary>How often every pod's objects are applied again, to repair drift and remove leftovers.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(2);
}
