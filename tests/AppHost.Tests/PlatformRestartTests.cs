using System.Net;
using System.Text.Json;

namespace Lakehouse.AppHost.Tests;

/// <summary>
/// Restarting the hub, the spawner or the route controller (the dashboard's restart command) while a user's server
/// runs loses neither the server nor its route: the same Jupyter process answers through the proxy afterwards.
/// </summary>
[Collection(PlatformCollection.Name)]
public class PlatformRestartTests(AppHostProcess appHost)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Restarting_hub_spawner_or_route_controller_loses_no_server_and_no_route()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var bob = await appHost.LogInAsync("bob", cancellationToken);
        using var operatorApi = await appHost.CreateOperatorClientAsync(cancellationToken);
        using var dashboard = appHost.CreateDashboardClient();

        using (var start = await operatorApi.PostAsync("hub/api/users/bob/server", null, cancellationToken))
        {
            Assert.True(start.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"start: {(int)start.StatusCode}");
        }

        var started = await ServerStartedAsync(bob, cancellationToken);

        foreach (var service in new[] { "hub", "spawner", "route-controller" })
        {
            using (var restart = await dashboard.PostAsync($"api/resources/{service}/commands/restart", null, cancellationToken))
            {
                restart.EnsureSuccessStatusCode();
            }

            await WaitUntilRunningAndHealthyAsync(dashboard, service, cancellationToken);
            Assert.Equal(started, await ServerStartedAsync(bob, cancellationToken));
        }

        using var stop = await operatorApi.DeleteAsync("hub/api/users/bob/server", cancellationToken);
        Assert.True(stop.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Accepted, $"stop: {(int)stop.StatusCode}");

        // After the restarts the hub still learns that the server stopped (and the next test may start it again).
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var model = JsonDocument.Parse(await operatorApi.GetStringAsync("hub/api/users/bob", cancellationToken));
            if (!model.RootElement.GetProperty("servers").TryGetProperty("", out _))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"bob's server did not stop after the restarts: {model.RootElement}");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Jupyter's own start time, read through the proxy with the user's session: it changes only with a new process.</summary>
    private static async Task<string> ServerStartedAsync(HttpClient user, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await user.GetAsync("user/bob/api/status", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    return status.RootElement.GetProperty("started").GetString()!;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"bob's server did not answer through the proxy within {Patience}: {last}");
    }

    private static async Task WaitUntilRunningAndHealthyAsync(HttpClient dashboard, string service, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var snapshot = JsonDocument.Parse(await dashboard.GetStringAsync($"api/resources/{service}", cancellationToken));
            var state = snapshot.RootElement.GetProperty("state").GetString();
            var health = snapshot.RootElement.GetProperty("health").GetString();
            if (state == "Running" && health == "Healthy")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{service} is {state} ({health}) {Patience} after its restart");
            await Task.Delay(200, cancellationToken);
        }
    }
}
