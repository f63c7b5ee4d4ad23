using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// The provider's discovery document and signing keys (JWKS), fetched on first use and cached for an hour, and
/// fetched again at once when an ID token names a key the cache does not know (the provider rotated its keys).
/// Such tokens come only from the provider's token endpoint, so outsiders cannot force refetches.
/// </summary>
public sealed class OidcMetadata(IOptions<OidcOptions> options, IHttpClientFactory clients, TimeProvider time)
{
    public const string HttpClientName = "oidc";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (OpenIdConnectConfiguration Configuration, DateTimeOffset FetchedAt)? _current;

    /// <exception cref="InvalidOperationException">The document could not be fetched or read.</exception>
    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        return current is { } c && time.GetUtcNow() - c.FetchedAt < CacheLifetime
            ? c.Configuration
            : await FetchAsync(current?.FetchedAt, cancellationToken);
    }

    /// <summary>Fetches again, unless another caller did so since this one's copy.</summary>
    public Task<OpenIdConnectConfiguration> RefreshAsync(CancellationToken cancellationToken) => FetchAsync(_current?.FetchedAt, cancellationToken);

    private async Task<OpenIdConnectConfiguration> FetchAsync(DateTimeOffset? stale, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } fresh && fresh.FetchedAt != stale)
            {
                return fresh.Configuration;
            }

            var settings = options.Value;
            var address = (settings.MetadataAddress ?? settings.Authority)!.TrimEnd('/') + "/.well-known/openid-configuration";
            var retriever = new HttpDocumentRetriever(clients.CreateClient(HttpClientName)) { RequireHttps = settings.RequireHttpsMetadata };
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"The discovery document {address} could not be read: {e.Message}", e);
            }

            _current = (configuration, time.GetUtcNow());
            return configuration;
        }
        finally
        {
            _gate.Release();
        }
    }
}
