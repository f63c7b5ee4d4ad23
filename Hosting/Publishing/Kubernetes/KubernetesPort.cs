using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>
/// An endpoint as it exists in a cluster: the Service listens on <see cref="ServicePort"/> (the binding's
/// <c>port</c>) and forwards to <see cref="ContainerPort"/> (its <c>targetPort</c>).
/// </summary>
public sealed record KubernetesPort(EndpointAnnotation Endpoint, string Name, int ServicePort, int ContainerPort)
{
    /// <summary>Ports of a resource's endpoints. A project's http(s) endpoint without a target port listens on
    /// <see cref="ProjectResourceBuilderExtensions.ContainerHttpPort"/>, as its image does.</summary>
    public static IReadOnlyList<KubernetesPort> For(IResource resource)
    {
        var ports = new List<KubernetesPort>();
        foreach (var endpoint in resource.GetEndpoints())
        {
            var containerPort = endpoint.TargetPort
                ?? (resource is ProjectResource && endpoint.IsHttp ? ProjectResourceBuilderExtensions.ContainerHttpPort : endpoint.Port)
                ?? throw new PublishingException(
                    $"Endpoint '{endpoint.Name}' of '{resource.Name}' has no port for a cluster: declare it with targetPort (the port the process listens on in its container).");
            var name = endpoint.Name.ToLowerInvariant();
            if (ports.FirstOrDefault(p => p.ContainerPort == containerPort || p.Name == name) is { } clash)
            {
                throw new PublishingException(
                    $"Endpoints '{clash.Endpoint.Name}' and '{endpoint.Name}' of '{resource.Name}' would share port {containerPort} or a name in a cluster: give one of them its own targetPort.");
            }

            ports.Add(new KubernetesPort(endpoint, name, endpoint.Port ?? containerPort, containerPort));
        }

        return ports;
    }
}
