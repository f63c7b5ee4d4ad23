using System.Net;
using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Hosting.Dashboard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lakehouse.Dashboard.Tests;

public sealed class DashboardServerTests
{
    [Fact]
    public void Listens_on_loopback_port_18888_unless_configured()
    {
        Assert.Equal("http://127.0.0.1:18888", new DashboardOptions().Url);
    }

    [Fact]
    public async Task Port_0_binds_a_free_loopback_port_and_reports_the_real_address_and_login_line()
    {
        await using var dashboard = await DashboardTestHost.StartAsync(new FakeResourceMonitor());

        Assert.Equal("127.0.0.1", dashboard.Address.Host);
        Assert.NotEqual(0, dashboard.Address.Port);
        Assert.Equal(new Uri(dashboard.Address, "/login?t=" + dashboard.Token), dashboard.LoginUrl);

        var line = DashboardBanner.LoginLine(dashboard.LoginUrl);
        Assert.True(DashboardBanner.TryParseLoginLine("info: some prefix " + line, out var parsed));
        Assert.Equal(dashboard.LoginUrl, parsed);
        using var client = dashboard.CreateClient();
        using var login = await client.GetAsync(parsed, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0", "only http://")]
    [InlineData("http://localhost:0", "port 0 needs an IP address")]
    [InlineData("http://dashboard.example:8080", "is not an IP address")]
    [InlineData("http://127.0.0.1:0/dashboard", "takes no path")]
    [InlineData("127.0.0.1:18888", "not an absolute URL")]
    public async Task A_bad_address_stops_the_start_with_a_clear_error(string url, string expected)
    {
        var builder = DashboardTestHost.CreateBuilder(new FakeResourceMonitor(), configuration: new Dictionary<string, string?> { ["Dashboard:Url"] = url });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Dashboard:Url", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("short", "at least 16 characters")]
    [InlineData("has spaces in the token value", "only ASCII letters")]
    public async Task A_weak_or_unusable_configured_token_stops_the_start(string token, string expected)
    {
        using var host = DashboardTestHost.CreateBuilder(new FakeResourceMonitor(), token).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Dashboard:BrowserToken", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_busy_port_is_reported_with_the_setting_to_change()
    {
        await using var first = await DashboardTestHost.StartAsync(new FakeResourceMonitor());
        var taken = first.Address.GetLeftPart(UriPartial.Authority);
        using var host = DashboardTestHost.CreateBuilder(new FakeResourceMonitor(), configuration: new Dictionary<string, string?> { ["Dashboard:Url"] = taken }).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"cannot listen on {taken}", error.Message);
        Assert.Contains("Dashboard:Url", error.Message);
    }

    [Fact]
    public async Task Without_a_resource_monitor_the_start_fails_saying_what_is_missing()
    {
        using var host = DashboardTestHost.CreateBuilder(monitor: null).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("IResourceMonitor", error.Message);
    }
}
