using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves services from configuration as Aspire does: <c>Services:{service}:{endpoint}:{index}</c> holds absolute
/// http(s) URLs (the AppHost injects them as <c>services__hub__http__0</c>). Configuration is read on every call, so
/// reloaded values apply at once. Several indices are used in turn.
/// </summary>
public sealed class ServiceEndpointResolver(IConfiguration configuration) : IServiceEndpointResolver
{
    public const string SectionName = "Services";

    // Keyed by the endpoint's configuration path; lives as long as the resolver (one per service provider).
    private readonly ConcurrentDictionary<string, RoundRobinCounter> _counters = new(StringComparer.OrdinalIgnoreCase);

    public ValueTask<Uri> ResolveAsync(Uri uri, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var query = ServiceEndpointQuery.Parse(uri);

        var service = configuration.GetSection(SectionName).GetSection(query.ServiceName);
        if (!service.Exists())
        {
            return ValueTask.FromResult(PassThrough(uri, query));
        }

        var (section, addresses) = SelectEndpoint(service, query, uri);
        var counter = _counters.GetOrAdd(section.Path, static _ => new RoundRobinCounter());
        var address = addresses[counter.Next(addresses.Count)];

        var resolved = new UriBuilder(uri) { Scheme = address.Scheme, Host = address.Host, Port = address.Port };
        return ValueTask.FromResult(resolved.Uri);
    }

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
