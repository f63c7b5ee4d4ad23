namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Turns a logical service address such as <c>http://hub/api</c> or <c>https+http://_admin.hub</c> into the address
/// to connect to. Used by the HttpClient handler and directly by components that need concrete addresses (a proxy's
/// destinations, for instance).
/// </summary>
public interface IServiceEndpointResolver
{
    /// <summary>
    /// Resolves <paramref name="uri"/>; path and query are kept. A service without configuration is returned as is
    /// (only a composite scheme is narrowed to its preferred one), so the name resolves through DNS.
    /// </summary>
    /// <exception cref="InvalidOperationException">A configured endpoint value is malformed.</exception>
    ValueTask<Uri> ResolveAsync(Uri uri, CancellationToken cancellationToken);
}
