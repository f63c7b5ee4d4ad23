namespace Lakehouse.RouteController.Kubernetes;

/// <summary>
/// Kubernetes mode (<c>RouteController:Kubernetes</c>): for every lab pod, a Service and an Istio VirtualService. The
/// cluster and namespace come from the <c>Kubernetes</c> section (in-cluster by default).
/// </summary>
public sealed class LabObjectsOptions
{
    public const string SectionName = "RouteController:Kubernetes";

    public bool Enabled { get; set; }

    /// <summary>The Istio gateway the Spark UI hosts are served on, as <c>namespace/name</c>.</summary>
    public string Gateway { get; set; } = "istio-system/lakehouse-gateway";

    /// <summary>How often every pod's objects are applied again, to repair drift and remove leftovers.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(2);
}
