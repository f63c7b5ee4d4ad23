using System.Net.Http.Headers;
using Lakehouse.Contracts;

namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>
/// The route controller (a real process) between a real Jupyter server for alice, stand-ins of the hub and the
/// spawner, and recording upstreams: carol's "server" and alice's "Spark UI", which show what the proxy sends them.
/// </summary>
public sealed class ProxyPlatform : IAsyncLifetime
{
    public const string ServiceToken = "route-controller-service-token-for-tests";
    public const string ApiToken = "operator-api-token-for-tests";
    public const string CarolServerToken = "carol-server-token-never-shown";


    internal JupyterServer Jupyter { get; private set; } = null!;
    internal SpawnerStandIn Spawner { get; private set; } = null!;
    internal HubStandIn Hub { get; private set; } = null!;
    internal RecordingBackend CarolServer { get; private set; } = null!;
    internal RecordingBackend AliceSparkUi { get; private set; } = null!;
    internal RecordingBackend SpareServer { get; private set; } = null!;
    internal RouteControllerProcess RouteController { get; private set; } = null!;

    public Uri PublicUrl => RouteController.PublicUrl;

    public Uri ManagementUrl => RouteController.ManagementUrl;

    public async ValueTask InitializeAsync()
    {
        try
        {
            await StartAllAsync();
        }
        catch
        {
            // Whatever did start is stopped, even though the fixture never became usable.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync()
    {
        Spawner = await SpawnerStandIn.StartAsync(ServiceToken);
        Hub = await HubStandIn.StartAsync(ServiceToken);
        CarolServer = await RecordingBackend.StartAsync("carol's server");
        AliceSparkUi = await RecordingBackend.StartAsync("alice's spark ui");
        SpareServer = await RecordingBackend.StartAsync("spare server");
        Jupyter = await JupyterServer.StartAsync("alice");

        Hub.Credentials["alice-session"] = "alice";
        Hub.Credentials["alice-api-token"] = "alice";
        Hub.Credentials["bob-session"] = "bob";
        Hub.Credentials["carol-session"] = "carol";
        Hub.Credentials["admin-token"] = "admin";
        Hub.Admins.Add("admin");

        Spawner.Publish(new ServerStatus("alice", ServerState.Running, Jupyter.Url, AliceSparkUi.Url, Jupyter.Token, DateTimeOffset.UtcNow));
        Spawner.Publish(new ServerStatus("carol", ServerState.Running, new Uri(CarolServer.Url, "user/carol/"), null, CarolServerToken, DateTimeOffset.UtcNow));

        RouteController = await RouteControllerProcess.StartOnFreePortsAsync(Settings());

        // Tests start from the routes of alice and carol: the spawner's snapshot must have arrived first.
        await WaitForRoutesAsync("alice", "carol");
    }

    /// <summary>Until the route table (<c>GET /api/routes</c>) has a route for each of the users.</summary>
    public async Task WaitForRoutesAsync(params string[] users)
    {
        using var client = CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ManagementUrl, "api/routes"));
            request.Headers.Authorization = new AuthenticationHeaderValue("token", ApiToken);
            using var response = await client.SendAsync(request);
            var routes = await response.Content.ReadAsStringAsync();
            return users.All(user => routes.Contains($"\"/user/{user}\"", StringComparison.Ordinal));
        }, $"routes for {string.Join(", ", users)}");
    }

    /// <summary>The same ports again, as a restarted pod or AppHost resource would have.</summary>
    public async Task RestartRouteControllerAsync()
    {
        var (management, publicPort) = (RouteController.ManagementUrl.Port, RouteController.PublicUrl.Port);
        RouteController.Dispose();
        RouteController = await RouteControllerProcess.StartAsync(Settings(), management, publicPort);
    }

    /// <summary>
    /// A route controller's settings against this platform's hub and spawner; also for a test's own route controller
    /// (other settings beside them).
    /// </summary>
    internal Dictionary<string, string> Settings() =>
        new()
        {
            ["services__hub__http__0"] = Hub.Url.ToString(),
            ["services__spawner__http__0"] = Spawner.Url.ToString(),
            ["Lakehouse__ServiceTokens__RouteController"] = ServiceToken,
            ["Lakehouse__ApiToken"] = ApiToken,
            ["Proxy__ActivityReportInterval"] = "00:00:01",
            ["Proxy__WebSocketActivityInterval"] = "00:00:01",
        };

    /// <summary>A client like curl: no cookie jar, no redirects followed.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string? cookie = null, string? token = null, bool browser = false)
    {
        var request = new HttpRequestMessage(method, new Uri(PublicUrl, pathAndQuery));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"lakehouse-session={cookie}");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        }

        if (browser)
        {
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        // Null when start-up failed half way.
        RouteController?.Dispose();
        Jupyter?.Dispose();
        foreach (var disposable in new IAsyncDisposable?[] { Spawner, Hub, CarolServer, AliceSparkUi, SpareServer })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<ProxyPlatform>
{
    public const string Name = "platform";
}
