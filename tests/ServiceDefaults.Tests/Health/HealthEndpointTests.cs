using System.Net;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.ServiceDefaults.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_and_alive_answer_200_when_every_check_passes()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = LoopbackApp.CreateBuilder("lakehouse-health");
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(ct);
        using var client = app.CreateClient();

        foreach (var path in new[] { "/health", "/alive" })
        {
            using var response = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(ct));
        }
    }

    [Fact]
    public async Task Alive_ignores_a_failing_readiness_check_that_health_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = LoopbackApp.CreateBuilder("lakehouse-health");
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("database", () => HealthCheckResult.Unhealthy("down"));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(ct);
        using var client = app.CreateClient();

        using var alive = await client.GetAsync("/alive", ct);
        using var health = await client.GetAsync("/health", ct);

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync(ct));
    }
}
