namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>The properties of an endpoint that can be referenced.</summary>
public enum EndpointProperty
{
    Url,
    Host,
    Port,
    TargetPort,
    Scheme,
}

/// <summary>A reference to one endpoint of a resource, e.g. <c>{hub.bindings.http.url}</c>.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
    : IManifestExpressionProvider, IValueProvider
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public bool Exists => Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == EndpointName);

    public string Url => Property(EndpointProperty.Url).GetValue();

    public string Host => Property(EndpointProperty.Host).GetValue();

    public int Port => int.Parse(Property(EndpointProperty.Port).GetValue(), System.Globalization.CultureInfo.InvariantCulture);

    public string ValueExpression => Property(EndpointProperty.Url).ValueExpression;

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        Property(EndpointProperty.Url).GetValueAsync(cancellationToken);

    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);
}

/// <summary>One property of an endpoint, as a manifest expression and as a run-mode value.</summary>
public sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property)
    : IManifestExpressionProvider, IValueProvider
{
    public EndpointReference Endpoint { get; } = endpoint;

    public EndpointProperty Property { get; } = property;

    public string ValueExpression =>
        $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.{Property.ToString().ToLowerInvariant() switch
        {
            "targetport" => "targetPort",
            var p => p,
        }}}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(GetValue());

    internal string GetValue()
    {
        var annotation = Endpoint.Annotation;
        var allocated = annotation.AllocatedEndpoint
            ?? throw new InvalidOperationException(
                $"Endpoint '{Endpoint.EndpointName}' of '{Endpoint.Resource.Name}' has no allocated address yet.");
        return Property switch
        {
            EndpointProperty.Url => allocated.UriString,
            EndpointProperty.Host => allocated.Host,
            EndpointProperty.Port => allocated.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Nothing proxies between port and target port in run mode: the process listens on the allocated port.
            EndpointProperty.TargetPort => allocated.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => allocated.UriScheme,
            _ => throw new ArgumentOutOfRangeException(nameof(Property)),
        };
    }
}
