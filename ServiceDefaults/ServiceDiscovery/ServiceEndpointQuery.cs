namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// What a logical address asks for: <c>https+http://_admin.hub</c> is service <c>hub</c>, endpoint <c>admin</c>,
/// schemes https then http.
/// </summary>
/// <param name="Schemes">Schemes in order of preference.</param>
/// <param name="EndpointName">The endpoint named with a <c>_name.</c> host prefix, if any.</param>
/// <param name="ServiceName">The service's name, the host without the endpoint prefix.</param>
public sealed record ServiceEndpointQuery(IReadOnlyList<string> Schemes, string? EndpointName, string ServiceName)
{
    public static ServiceEndpointQuery Parse(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"Service address '{uri}' is not absolute.", nameof(uri));
        }

        var schemes = uri.Scheme.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var host = uri.IdnHost;

        // "_name.service" names an endpoint, as in DNS SRV records.
        if (host.Length > 2 && host[0] == '_' && host.IndexOf('.') is > 1 and var dot && dot < host.Length - 1)
        {
            return new ServiceEndpointQuery(schemes, host[1..dot], host[(dot + 1)..]);
        }

        return new ServiceEndpointQuery(schemes, null, host);
    }
}
