using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>A hub on a real socket, logging in through a real oidc-provider process that knows its callback.</summary>
internal sealed class OidcTestBed : IAsyncDisposable
{
    private OidcTestBed(HubApp hub, OidcProviderProcess provider, Uri issuer, string clientSecret)
    {
        Hub = hub;
        Provider = provider;
        Issuer = issuer;
        ClientSecret = clientSecret;
    }

    public HubApp Hub { get; }

    public OidcProviderProcess Provider { get; private set; }

    public Uri Issuer { get; }

    public string ClientSecret { get; }

    public static async Task<OidcTestBed> StartAsync(
        HubEnvironment environment, IReadOnlyDictionary<string, string?>? settings = null, int accessTokenSeconds = 3600)
    {
        // The issuer is in the hub's settings and the hub's address in the provider's: the port is chosen first.
        var issuer = new Uri($"http://127.0.0.1:{Lakehouse.Testing.LoopbackService.FreePort()}");
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var all = OidcProviderProcess.HubSettings(issuer, secret);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var hub = new HubApp(environment, environment.NewHubFolder(), all, kestrel: true);
        try
        {
            var provider = await OidcProviderProcess.StartAsync(issuer.Port, hub.Address!, secret, accessTokenSeconds: accessTokenSeconds);
            return new OidcTestBed(hub, provider, issuer, secret);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the provider and starts it again on the same port with other admins (a changed directory).</summary>
    public async Task RestartProviderAsync(IReadOnlyList<string> admins)
    {
        await Provider.DisposeAsync();
        Provider = await OidcProviderProcess.StartAsync(Issuer.Port, Hub.Address!, ClientSecret, admins);
    }

    /// <summary>Starts a login at the hub; returns the provider's authorization URL the hub redirected to.</summary>
    public async Task<string> StartLoginAsync(HubBrowser browser, string next = "/hub/home")
    {
        using var start = await browser.GetAsync($"/hub/oauth_login?next={Uri.EscapeDataString(next)}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        Assert.StartsWith(Issuer.ToString(), location, StringComparison.Ordinal);
        return location;
    }

    /// <summary>The whole login of one user over HTTP; returns the hub's answer to the callback.</summary>
    public async Task<HttpResponseMessage> LoginAsync(HubBrowser browser, string user)
    {
        var authorization = await StartLoginAsync(browser);
        using var provider = new ProviderSession(Issuer);
        var callback = await provider.AuthorizeAsync(authorization, user, OidcProviderProcess.TestPassword);
        return await browser.GetAsync(callback.PathAndQuery);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Provider.DisposeAsync();
        }
        finally
        {
            await Hub.DisposeAsync();
        }
    }
}
