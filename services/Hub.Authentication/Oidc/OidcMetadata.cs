using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// The provider's discovery document and signing keys (JWKS), fetched on first use and cached, refetched when an
/// ID token names a key the cache does not know (the provider rotated its keys).
/// </summary>
public sealed class OidcMetadata
{
    public const string HttpClientName = "oidc";

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;

    public OidcMetadata(IOptions<OidcOptions> options, IHttpClientFactory clients)
    {
        var settings = options.Value;
        var address = (settings.MetadataAddress ?? settings.Authority)!.TrimEnd('/') + "/.well-known/openid-configuration";
        var retriever = new HttpDocumentRetriever(clients.CreateClient(HttpClientName)) { RequireHttps = settings.RequireHttpsMetadata };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            // A rotated key is picked up after at most this long even if no token forced a refresh.
            AutomaticRefreshInterval = TimeSpan.FromHours(1),
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
    }

    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => _manager.GetConfigurationAsync(cancellationToken);

    /// <summary>The next <see cref="GetAsync"/> fetches again (at most every 30 s).</summary>
    public void RequestRefresh() => _manager.RequestRefresh();
}
