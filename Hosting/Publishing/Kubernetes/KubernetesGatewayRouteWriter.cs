using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>The Istio VirtualService that sends a workload's public hosts from the environment's gateway to its Service.</summary>
public sealed class KubernetesGatewayRouteWriter(KubernetesWorkload workload, KubernetesPublishContext context)
{
    public YamlMap? VirtualService()
    {
        var routes = workload.Resource.Annotations.OfType<GatewayRouteAnnotation>().ToList();
        if (routes.Count == 0)
        {
            return null;
        }

        if (routes.Count > 1)
        {
            throw new PublishingException($"'{workload.Resource.Name}' has {routes.Count} gateway routes; give one route all its hosts.");
        }

        var route = routes[0];
        var gateway = route.Environment.Annotations.OfType<IstioGatewayAnnotation>().SingleOrDefault();
        if (route.Environment != context.Environment || gateway is null)
        {
            throw new PublishingException($"'{workload.Resource.Name}' has a gateway route, but its Kubernetes environment '{route.Environment.Name}' has no gateway: add one with WithIstioGateway.");
        }

        var port = workload.Port(route.EndpointName);
        return KubernetesManifestWriter.KubernetesObject("networking.istio.io/v1", "VirtualService", workload.Name, context.PlatformNamespace, workload)
            .With("spec", new YamlMap()
                .With("hosts", route.Hosts.Select(h => context.Text(h)).ToList())
                .With("gateways", new List<string> { $"{context.PlatformNamespace}/{gateway.Name}" })
                .With("http", new List<YamlMap>
                {
                    new YamlMap().With("route", new List<YamlMap>
                    {
                        new YamlMap().With("destination", new YamlMap()
                            .With("host", context.ServiceHost(workload))
                            .With("port", new YamlMap().With("number", port.ServicePort))),
                    }),
                }));
    }
}
