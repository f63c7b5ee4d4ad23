using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Lakehouse.Hosting;
using Lakehouse.LogShipper.Tests.Infrastructure;
using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>The shipper run by an AppHost as the platform runs it: the dashboard's API shows it Degraded while its
/// broker is down and Healthy again after.</summary>
public sealed class DashboardTests(SharedBroker shared)
{
    [Fact]
    public async Task The_dashboard_shows_the_shipper_degraded_while_the_broker_is_down()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await shared.EnsureRunningAsync();
        var broker = shared.Broker;

        using var state = new TemporaryStateDirectory();
        var dashboardPort = FreePort.Next();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = state.CreateBuilder(
            DistributedApplicationOperation.Run,
            $"--Dashboard:Url=http://127.0.0.1:{dashboardPort}",
            $"--Dashboard:BrowserToken={token}",
            "--Lakehouse:Orchestrator:SweepScope=Owned",
            "--Lakehouse:Orchestrator:StopGracePeriod=00:00:03",
            "--Lakehouse:Orchestrator:HealthyCheckInterval=00:00:01");
        var shipper = builder.AddExecutable("log-shipper", "dotnet", AppContext.BaseDirectory, ShipperProcess.Dll)
            .WithHttpEndpoint();
        shipper.WithEnvironment("ASPNETCORE_URLS", shipper.GetEndpoint("http"))
            .WithEnvironment("ConnectionStrings__rabbitmq", broker.ConnectionString)
            .WithEnvironment("LAKEHOUSE_STATE_DIR", state.Path)
            .WithEnvironment("LogShipper__ReconnectMaxDelay", "00:00:02")
            .WithHttpHealthCheck("/health");

        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        using var dashboard = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{dashboardPort}/") };
        dashboard.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await WaitForDisplayStateAsync(dashboard, "Running", "Healthy");
        await broker.StopAsync(cancellationToken);
        await WaitForDisplayStateAsync(dashboard, "Running (Degraded)", "Degraded");
        await broker.StartAgainAsync(cancellationToken);
        await WaitForDisplayStateAsync(dashboard, "Running", "Healthy");
        await app.StopAsync(CancellationToken.None);
    }

    private static async Task WaitForDisplayStateAsync(HttpClient dashboard, string displayState, string health)
    {
        var expected = $"{displayState} / {health}";
        var last = string.Empty;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                using var json = JsonDocument.Parse(await dashboard.GetStringAsync("api/resources/log-shipper", TestContext.Current.CancellationToken));
                last = json.RootElement.GetProperty("displayState").GetString() + " / " + json.RootElement.GetProperty("health").GetString();
                return last == expected;
            }, $"the dashboard to show {expected}", TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The dashboard showed '{last}', not '{expected}'.");
        }
    }
}
