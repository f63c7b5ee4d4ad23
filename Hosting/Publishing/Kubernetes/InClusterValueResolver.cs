using System.Globalization;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>A value as a pod sees it; <see cref="IsSecret"/> when a secret parameter went into it.</summary>
public readonly record struct InClusterValue(string Value, bool IsSecret);

/// <summary>
/// Turns the expression objects that env and args hold into the values a pod sees: endpoints become Service
/// addresses (<c>{hub.bindings.http.url}</c> → <c>http://hub-service:8080</c>), connection strings are expanded and
/// parameters take their configured or generated value. It walks the objects rather than parsing expression text,
/// so literal braces in values stay literal.
/// </summary>
public sealed class InClusterValueResolver(IReadOnlyDictionary<IResource, KubernetesWorkload> workloads)
{
    private const int MaxDepth = 32;

    public InClusterValue Resolve(object value) => Resolve(value, depth: 0);

    private InClusterValue Resolve(object value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new PublishingException("A connection string refers to itself through other values; it cannot be expanded.");
        }

        return value switch
        {
            string text => new(text, false),
            ParameterResource parameter => new(parameter.Value, parameter.Secret),
            EndpointReference endpoint => ResolveEndpoint(endpoint, EndpointProperty.Url),
            EndpointReferenceExpression property => ResolveEndpoint(property.Endpoint, property.Property),
            ReferenceExpression expression => ResolveExpression(expression, depth),
            IResourceWithConnectionString resource => ResolveExpression(resource.ConnectionStringExpression, depth),
            IManifestExpressionProvider provider => throw new PublishingException($"The value '{provider.ValueExpression}' has no in-cluster form."),
            _ => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, false),
        };
    }

    private InClusterValue ResolveExpression(ReferenceExpression expression, int depth)
    {
        var parts = expression.ValueProviders.Select(p => Resolve(p, depth + 1)).ToArray();
        return new(
            string.Format(CultureInfo.InvariantCulture, expression.Format, parts.Select(p => (object)p.Value).ToArray()),
            parts.Any(p => p.IsSecret));
    }

    private InClusterValue ResolveEndpoint(EndpointReference endpoint, EndpointProperty property)
    {
        if (!workloads.TryGetValue(endpoint.Resource, out var workload))
        {
            throw new PublishingException(
                $"'{endpoint.Resource.Name}' is referenced ({endpoint.Property(property).ValueExpression}) but is not deployed to Kubernetes: give it a container image with PublishAsContainer.");
        }

        var port = workload.Port(endpoint.EndpointName);
        var text = property switch
        {
            EndpointProperty.Url => $"{port.Endpoint.UriScheme}://{workload.ServiceName}:{port.ServicePort.ToString(CultureInfo.InvariantCulture)}",
            EndpointProperty.Host => workload.ServiceName,
            EndpointProperty.Port => port.ServicePort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => port.ContainerPort.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => port.Endpoint.UriScheme,
            _ => throw new PublishingException($"Endpoint property '{property}' has no in-cluster form."),
        };
        return new(text, false);
    }
}
