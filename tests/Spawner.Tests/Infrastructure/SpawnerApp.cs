using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>
/// The spawner in memory (WebApplicationFactory) on a test's state folder, with the real local backend and the real
/// <c>/usr/bin/jupyter-server</c>. Disposing it stops the spawner only: servers keep running, as they would in production.
/// </summary>
internal sealed class SpawnerApp : IAsyncDisposable
{
    public const string HubToken = "hub-service-token-for-the-spawner-tests";
    public const string RouteControllerToken = "route-controller-service-token-for-tests";

    private readonly WebApplicationFactory<Program> _factory;
    private HttpClient? _hub;

    /// <param name="services">Replaces the spawner's services, for what the test machine cannot be (e.g. not root).</param>
    public SpawnerApp(StateFolder state, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Lakehouse:StateDirectory"] = state.Path,
            ["Lakehouse:ServiceTokens:Hub"] = HubToken,
            ["Lakehouse:ServiceTokens:RouteController"] = RouteControllerToken,
            ["Spawner:StopGracePeriod"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.ConfigureAppConfiguration(config => config.AddInMemoryCollection(configuration));
            web.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
    }

    /// <summary>Everything the spawner logged, at every level.</summary>
    public CollectedLogs Logs { get; } = new();

    /// <summary>A client with the hub's token, which may do everything. The spawner starts on the first client.</summary>
    public HttpClient Hub => _hub ??= CreateClient(HubToken);

    public HttpClient CreateClient(string? bearerToken)
    {
        var client = _factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(120);
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    public Task<HttpResponseMessage> StartAsync(UserIdentity identity, IReadOnlyDictionary<string, string>? environment = null, string? urlName = null) =>
        Hub.PostAsJsonAsync($"/api/servers/{urlName ?? identity.Name}", new StartServerRequest(identity, environment), ContractJson.Options,
            TestContext.Current.CancellationToken);

    public async Task<ServerStatus?> GetAsync(string name)
    {
        using var response = await Hub.GetAsync($"/api/servers/{name}", TestContext.Current.CancellationToken);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? null
            : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ServerStatus>(ContractJson.Options, TestContext.Current.CancellationToken);
    }

    public async Task<IReadOnlyList<ServerStatus>> ListAsync() =>
        (await Hub.GetFromJsonAsync<List<ServerStatus>>("/api/servers", ContractJson.Options, TestContext.Current.CancellationToken))!;

    /// <summary>The whole progress stream of a spawn; it ends by itself after ready or failed.</summary>
    public async Task<IReadOnlyList<ProgressEvent>> ReadProgressAsync(string name)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        using var response = await Hub.GetAsync($"/api/servers/{name}/progress", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = new List<ProgressEvent>();
        await foreach (var progressEvent in SpawnerStreamReader.ReadProgressAsync(stream, timeout.Token))
        {
            events.Add(progressEvent);
        }

        return events;
    }

    /// <summary>Starts a server and waits until it is ready; returns its status.</summary>
    public async Task<ServerStatus> StartReadyAsync(UserIdentity identity)
    {
        using (var response = await StartAsync(identity))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await ReadProgressAsync(identity.Name);
        Assert.True(events[^1].Ready, $"The spawn did not end ready: {events[^1].Message}");
        return (await GetAsync(identity.Name))!;
    }

    public async ValueTask DisposeAsync()
    {
        _hub?.Dispose();
        await _factory.DisposeAsync();
    }
}
