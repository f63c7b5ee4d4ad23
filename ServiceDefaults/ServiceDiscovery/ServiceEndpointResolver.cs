using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves services from configuration as Aspire does: <c>Services:{service}:{endpoint}:{index}</c> holds absolute
/// http(s) URLs (the AppHost injects them as <c>services__hub__http__0</c>). What configuration says for an address is
/// remembered until configuration reloads, so reloaded values apply at once while a proxy resolving on every request
/// does not walk configuration each time. Several indices are used in turn.
/// </summary>
public sealed class ServiceEndpointResolver : IServiceEndpointResolver
{
    public const string SectionName = "Services";

    private readonly IConfiguration _configuration;

    // Keyed by the endpoint's configuration path; lives as long as the resolver (one per service provider).
    private readonly ConcurrentDictionary<string, RoundRobinCounter> _counters = new(StringComparer.OrdinalIgnoreCase);

    // Keyed by the logical address's scheme and host; null when configuration does not know the service.
    private readonly ConcurrentDictionary<string, ConfiguredEndpoint?> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public ServiceEndpointResolver(IConfiguration configuration)
    {
        _configuration = configuration;
        ChangeToken.OnChange(configuration.GetReloadToken, _endpoints.Clear);
    }

    public ValueTask<Uri> ResolveAsync(Uri uri, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(uri);
        var key = uri.IsAbsoluteUri ? string.Concat(uri.Scheme, "://", uri.IdnHost) : uri.OriginalString;
        if (!_endpoints.TryGetValue(key, out var endpoint))
        {
            endpoint = Read(uri);
            _endpoints[key] = endpoint;
        }

        if (endpoint is null)
        {
            return ValueTask.FromResult(PassThrough(uri, ServiceEndpointQuery.Parse(uri)));
        }

        var address = endpoint.Addresses[endpoint.Counter.Next(endpoint.Addresses.Count)];
        var resolved = new UriBuilder(uri) { Scheme = address.Scheme, Host = address.Host, Port = address.Port };
        return ValueTask.FromResult(resolved.Uri);
    }

    /// <summary>What configuration says for <paramref name="uri"/>; throws, and so is not remembered, when it is malformed.</summary>
    private ConfiguredEndpoint? Read(Uri uri)
    {
        var query = ServiceEndpointQuery.Parse(uri);
        var service = _configuration.GetSection(SectionName).GetSection(query.ServiceName);
        if (!service.Exists())
        {
            return null;
        }

        var (section, addresses) = SelectEndpoint(service, query, uri);
        return new ConfiguredEndpoint(addresses, _counters.GetOrAdd(section.Path, static _ => new RoundRobinCounter()));
    }

    private sealed record ConfiguredEndpoint(IReadOnlyList<Uri> Addresses, RoundRobinCounter Counter);

    private static (IConfigurationSection Section, IReadOnlyList<Uri> Addresses) SelectEndpoint(
        IConfigurationSection service, ServiceEndpointQuery query, Uri uri)
    {
        if (query.EndpointName is { } endpointName)
        {
            var named = service.GetSection(endpointName);
            return named.Exists()
                ? (named, ReadAddresses(named))
                : throw new InvalidOperationException(
                    $"Service '{query.ServiceName}' has no endpoint '{endpointName}' (configuration '{named.Path}') for '{uri}'.");
        }

        // An endpoint named after a scheme, in the order of preference the address gives.
        foreach (var scheme in query.Schemes)
        {
            var byScheme = service.GetSection(scheme);
            if (byScheme.Exists())
            {
                return (byScheme, ReadAddresses(byScheme));
            }
        }

        // Otherwise the service's only endpoint, if it speaks a requested scheme: never downgrade https to http.
        var endpoints = service.GetChildren().ToList();
        if (endpoints.Count == 1)
        {
            var only = endpoints[0];
            var matching = ReadAddresses(only)
                .Where(a => query.Schemes.Contains(a.Scheme, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (matching.Count > 0)
            {
                return (only, matching);
            }
        }

        throw new InvalidOperationException(
            $"Service '{query.ServiceName}' has no endpoint for scheme '{string.Join("+", query.Schemes)}' in configuration '{service.Path}' (address '{uri}').");
    }

    private static List<Uri> ReadAddresses(IConfigurationSection endpoint)
    {
        // Aspire accepts a single value on the endpoint itself as well as indexed values.
        if (endpoint.Value is not null)
        {
            return [ParseAddress(endpoint)];
        }

        var indexed = new List<(int Index, Uri Address)>();
        foreach (var child in endpoint.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new InvalidOperationException(
                    $"Configuration key '{child.Path}' is malformed: endpoint addresses are indexed 0, 1, 2…");
            }

            indexed.Add((index, ParseAddress(child)));
        }

        return indexed.Count > 0
            ? indexed.OrderBy(i => i.Index).Select(i => i.Address).ToList()
            : throw new InvalidOperationException($"Configuration key '{endpoint.Path}' has no address.");
    }

    private static Uri ParseAddress(IConfigurationSection value)
    {
        // The value is not echoed: a URL may carry credentials.
        if (!Uri.TryCreate(value.Value, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
            || address.UserInfo.Length > 0)
        {
            throw new InvalidOperationException(
                $"Configuration value '{value.Path}' is malformed: expected an absolute http or https URL such as http://localhost:5000.");
        }

        return address;
    }

    /// <summary>No configuration: the cluster case, where the name resolves through DNS.</summary>
    private static Uri PassThrough(Uri uri, ServiceEndpointQuery query)
    {
        if (query.Schemes.Count < 2)
        {
            return uri;
        }

        // HttpClient cannot send "https+http"; without configuration there is nothing to choose from, so take the preferred.
        var narrowed = new UriBuilder(uri) { Scheme = query.Schemes[0], Port = uri.IsDefaultPort ? -1 : uri.Port };
        return narrowed.Uri;
    }
}
