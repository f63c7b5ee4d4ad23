using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Naming;
using Lakehouse.RouteController.Routing;

namespace Lakehouse.RouteController.Kubernetes;

/// <summary>
/// What one lab pod gets: the Service <c>{username}-lab</c> (Spark UI 4040, block manager 6060, driver 2020, selected
/// by the username label) for Spark executors and the UI, and the VirtualService <c>lab-vs-{username}</c> for
/// <c>{username}.sparkui.{domain}</c> on the gateway, to the Service's 4040. Both are controlled by the pod, so that
/// Kubernetes deletes them with it. With an upstream configured, the VirtualService sends the host there instead (the
/// proxy, which checks access).
/// </summary>
public sealed class LabObjects(SparkUiHost sparkUiHost, string gateway, string? sparkUiUpstream = null)
{
    private readonly (string Host, int Port)? _upstream = sparkUiUpstream is null ? null : ParseUpstream(sparkUiUpstream);

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "lakehouse-route-controller";

    public static string Selector => $"{ManagedByLabel}={ManagedByValue}";

    /// <summary>The user a lab pod is for, from its annotation; null for a pod that is not one of ours.</summary>
    public static string? UserOf(Pod pod) =>
        pod.Metadata.Annotation(LabNames.UsernameKey) is { } user && pod.Metadata.Label(LabNames.UsernameKey) == LabNames.UsernameLabel(user)
            ? user
            : null;

    public Service ServiceFor(Pod pod, string user) => new()
    {
        Metadata = Metadata(pod, user, LabNames.ServiceName(user)),
        Spec = new ServiceSpec
        {
            Selector = new Dictionary<string, string> { [LabNames.UsernameKey] = LabNames.UsernameLabel(user) },
            Ports =
            [
                new ServicePort { Name = "http-sparkui", Port = LabNames.SparkUiPort, TargetPort = LabNames.SparkUiPort, Protocol = "TCP" },
                new ServicePort { Name = "tcp-blockmanager", Port = LabNames.SparkBlockManagerPort, TargetPort = LabNames.SparkBlockManagerPort, Protocol = "TCP" },
                new ServicePort { Name = "tcp-driver", Port = LabNames.SparkDriverPort, TargetPort = LabNames.SparkDriverPort, Protocol = "TCP" },
            ],
        },
    };

    public VirtualService VirtualServiceFor(Pod pod, string user) => new()
    {
        Metadata = Metadata(pod, user, LabNames.VirtualServiceName(user)),
        Spec = new VirtualServiceSpec
        {
            Hosts = [sparkUiHost.HostFor(user)],
            Gateways = [gateway],
            Http =
            [
                new HttpRoute
                {
                    Name = "spark-ui",
                    Route =
                    [
                        new HttpRouteDestination
                        {
                            Destination = new Destination
                            {
                                Host = _upstream?.Host ?? LabNames.ServiceName(user),
                                Port = new PortSelector { Number = _upstream?.Port ?? LabNames.SparkUiPort },
                            },
                        },
                    ],
                },
            ],
        },
    };

    /// <summary><c>host:port</c>, or null when it is not one.</summary>
    public static (string Host, int Port)? ParseUpstream(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            && Uri.CheckHostName(value[..colon]) == UriHostNameType.Dns
            ? (value[..colon], port)
            : null;
    }

    private static ObjectMeta Metadata(Pod pod, string user, string name) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string>
        {
            [LabNames.PartOfLabel] = LabNames.PartOfValue,
            [ManagedByLabel] = ManagedByValue,
            [LabNames.UsernameKey] = LabNames.UsernameLabel(user),
        },
        Annotations = new Dictionary<string, string> { [LabNames.UsernameKey] = user },
        OwnerReferences = [OwnerReference.ControlledBy(pod with { ApiVersion = pod.ApiVersion ?? "v1", Kind = pod.Kind ?? "Pod" })],
    };
}
