using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary>Only the hub and the route controller get in; the route controller may only read.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new SpawnerApp(_state);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-service-token-at-all-000000")]
    [InlineData(SpawnerApp.HubToken + "x")]
    public async Task WithoutAValidToken_EveryApiAnswers401(string? token)
    {
        using var client = _app.CreateClient(token);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var list = await client.GetAsync("/api/servers", cancellationToken);
        using var events = await client.GetAsync("/api/events", cancellationToken);
        using var start = await client.PostAsJsonAsync("/api/servers/alice", new StartServerRequest(TestUsers.Alice), cancellationToken);
        using var stop = await client.DeleteAsync("/api/servers/alice", cancellationToken);

        Assert.All([list, events, start, stop], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Equal("Bearer", list.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(await _app.ListAsync());
        Assert.False(Directory.Exists(_state.Home("alice")));
    }

    [Fact]
    public async Task TheRouteControllerToken_MayRead_ButNotStartOrStop()
    {
        using var routeController = _app.CreateClient(SpawnerApp.RouteControllerToken);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var list = await routeController.GetAsync("/api/servers", cancellationToken);
        using var start = await routeController.PostAsJsonAsync("/api/servers/alice", new StartServerRequest(TestUsers.Alice), cancellationToken);
        using var stop = await routeController.DeleteAsync("/api/servers/alice", cancellationToken);
        using var events = await routeController.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Empty(await _app.ListAsync());
        Assert.False(Directory.Exists(_state.Home("alice")));
    }

    [Fact]
    public async Task HealthEndpoints_NeedNoToken()
    {
        using var anonymous = _app.CreateClient(null);
        using var health = await anonymous.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
