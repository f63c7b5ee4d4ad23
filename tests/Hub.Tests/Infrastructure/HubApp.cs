using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Lakehouse.Ldap.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>
/// The hub in memory (WebApplicationFactory) with its own state folder, the real slapd and the real spawner.
/// Disposing it stops the hub only; a new HubApp on the same folder is a restarted hub.
/// </summary>
internal sealed class HubApp : IAsyncDisposable
{
    public const string OperatorToken = "operator-api-token-for-the-hub-tests";

    private readonly WebApplicationFactory<Program> _factory;

    public HubApp(
        HubEnvironment environment, string stateDirectory, IReadOnlyDictionary<string, string?>? settings = null, Uri? spawner = null, bool kestrel = false)
    {
        StateDirectory = stateDirectory;
        var configuration = Settings(environment, stateDirectory, settings, spawner);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.ConfigureAppConfiguration(config => config.AddInMemoryCollection(configuration));
            web.ConfigureLogging(logging => logging.AddProvider(Logs));
        });
        DemoPassword = environment.Ldap.DemoPassword;
        if (kestrel)
        {
            // A real socket on a free loopback port, for a real browser.
            _factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
            _factory.StartServer();
            Address = new Uri(_factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()
                .Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>The configuration a test hub runs with: the environment's LDAP and spawner, then <paramref name="settings"/> over it.</summary>
    public static Dictionary<string, string?> Settings(
        HubEnvironment environment, string stateDirectory, IReadOnlyDictionary<string, string?>? settings = null, Uri? spawner = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Lakehouse:StateDirectory"] = stateDirectory,
            ["Lakehouse:ApiToken"] = OperatorToken,
            ["Lakehouse:ServiceTokens:Hub"] = SpawnerProcess.HubToken,
            ["Lakehouse:ServiceTokens:RouteController"] = SpawnerProcess.RouteControllerToken,
            ["services:spawner:http:0"] = (spawner ?? environment.Spawner.Address).ToString(),
            ["ConnectionStrings:ldap"] = environment.Ldap.ServerUri,
            ["Authentication:Ldap:BaseDn"] = environment.Ldap.Resource.BaseDn,
            ["Authentication:Ldap:AdminGroups:0"] = Lakehouse.Hosting.OpenLdap.OpenLdapDemoData.AdminGroup,
            // The service account the user directory searches with, as the AppHost gives it.
            ["Authentication:Ldap:SearchBindDn"] = environment.Ldap.Resource.ReaderDn,
            ["Authentication:Ldap:SearchBindPassword"] = environment.Ldap.ReaderPassword,
            ["Authentication:Ldap:ConnectTimeout"] = "00:00:30",
            ["Authentication:Ldap:OperationTimeout"] = "00:00:30",
            ["Hub:SpawnerReconnectDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return configuration;
    }

    /// <summary>The Kestrel address when started with one; null for the in-memory server.</summary>
    public Uri? Address { get; }

    public string StateDirectory { get; }

    /// <summary>Every log line of this hub, with its structured values.</summary>
    public CapturedLogs Logs { get; } = new();

    public string DatabasePath => Path.Combine(StateDirectory, "hub", "hub.db");

    public string DemoPassword { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>A browser-like client: cookies kept by hand (so tests can read their flags), no automatic redirects.</summary>
    public HubBrowser Browser() => new(CreateHttpClient());

    /// <summary>An API client with <c>Authorization: token X</c>.</summary>
    public HttpClient TokenClient(string token)
    {
        var client = CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("token", token);
        return client;
    }

    public HttpClient Operator() => TokenClient(OperatorToken);

    public HttpClient Anonymous() => CreateHttpClient();

    /// <summary>A browser logged in as a demo user (the demo password).</summary>
    public async Task<HubBrowser> LoginAsync(string user)
    {
        var browser = Browser();
        using var response = await browser.LoginAsync(user, DemoPassword);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>Waits until the hub has its first snapshot of the spawner's servers.</summary>
    public Task SynchronizedAsync() =>
        Services.GetRequiredService<Lakehouse.Hub.Servers.ServerRegistry>().Synchronized.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient CreateHttpClient()
    {
        // Over a real socket, like the in-memory client: no redirects followed, cookies kept by HubBrowser.
        var client = Address is null
            ? _factory.CreateDefaultClient(new Uri("http://127.0.0.1/"))
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false }) { BaseAddress = Address };
        client.Timeout = TimeSpan.FromSeconds(120);
        return client;
    }
}
