namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>Sends each request to the resolved address of the service it names.</summary>
public sealed class ServiceDiscoveryHttpMessageHandler(IServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logical = request.RequestUri;
        if (logical is null || !logical.IsAbsoluteUri)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.RequestUri = await resolver.ResolveAsync(logical, cancellationToken);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // A handler further out (a retry) sending again resolves afresh and may reach another instance.
            request.RequestUri = logical;
        }
    }
}
