using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Testing;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.Dashboard.Tests;

public sealed class ResourcesPageTests(ChromiumBrowser chromium)
{
    [Fact]
    public async Task Table_shows_each_resource_with_its_state_health_start_time_exit_code_and_endpoint_links()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub", health: ResourceHealth.Unhealthy, endpoints:
        [
            new EndpointSnapshot("http", "http://127.0.0.1:5101", IsExternal: false),
            new EndpointSnapshot("amqp", "tcp://127.0.0.1:5672", IsExternal: false),
            new EndpointSnapshot("evil", "javascript:alert(1)", IsExternal: false),
        ]));
        monitor.Set(FakeResourceMonitor.Snapshot("slapd", KnownResourceStates.Exited, ResourceHealth.Unknown, "Executable", exitCode: 3));
        monitor.Set(FakeResourceMonitor.Snapshot("rabbitmq", KnownResourceStates.FailedToStart, ResourceHealth.Unknown, "Executable") with
        {
            StateReason = "<b>rabbitmq-server</b> is missing: apt-get install rabbitmq-server",
        });
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.LoginAsync(dashboard.LoginUrl);

        var hub = page.Locator("tr[data-resource='hub']");
        await Expect(hub.Locator("td.name")).ToHaveTextAsync("hub");
        await Expect(hub.Locator("td.type")).ToHaveTextAsync("Project");
        await Expect(hub.Locator("td.state .display-state")).ToHaveTextAsync("Running (Unhealthy)");
        await Expect(hub.Locator("td.health")).ToHaveTextAsync("Unhealthy");
        await Expect(hub.Locator("td.start-time time")).ToHaveAttributeAsync("datetime", "2025-01-02T03:04:05+00:00");
        await Expect(hub.Locator("td.endpoints a")).ToHaveCountAsync(1);
        await Expect(hub.Locator("td.endpoints a")).ToHaveAttributeAsync("href", "http://127.0.0.1:5101/");
        await Expect(hub.Locator("td.endpoints a")).ToHaveTextAsync("http://127.0.0.1:5101");
        await Expect(hub.Locator("td.endpoints")).ToContainTextAsync("amqp: tcp://127.0.0.1:5672");
        await Expect(hub.Locator("td.endpoints")).ToContainTextAsync("evil: javascript:alert(1)");
        await Expect(hub.Locator("td.name a")).ToHaveAttributeAsync("href", "/resources/hub/logs");

        var slapd = page.Locator("tr[data-resource='slapd']");
        await Expect(slapd.Locator("td.type")).ToHaveTextAsync("Executable");
        await Expect(slapd.Locator("td.state .display-state")).ToHaveTextAsync("Exited");
        await Expect(slapd.Locator("td.exit-code")).ToHaveTextAsync("3");

        var rabbitmq = page.Locator("tr[data-resource='rabbitmq']");
        await Expect(rabbitmq.Locator("td.state .display-state")).ToHaveTextAsync("FailedToStart");
        await Expect(rabbitmq.Locator("td.state .state-reason")).ToHaveTextAsync("<b>rabbitmq-server</b> is missing: apt-get install rabbitmq-server");
    }

    [Fact]
    public async Task A_state_change_appears_without_reloading_the_page()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("spawner", KnownResourceStates.Starting, ResourceHealth.Unknown));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(dashboard.LoginUrl);
        var state = page.Locator("tr[data-resource='spawner'] td.state .display-state");
        await Expect(state).ToHaveTextAsync("Starting");
        // A marker that a reload would wipe.
        await page.EvaluateAsync("window.sameDocument = true");

        monitor.Update("spawner", s => s with { State = KnownResourceStates.Running, Health = ResourceHealth.Unhealthy });
        await Expect(state).ToHaveTextAsync("Running (Unhealthy)");

        monitor.Update("spawner", s => s with { Health = ResourceHealth.Healthy });
        await Expect(state).ToHaveTextAsync("Running");

        monitor.Set(FakeResourceMonitor.Snapshot("fileserver"));
        await Expect(page.Locator("tr[data-resource='fileserver'] td.state .display-state")).ToHaveTextAsync("Running");
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"));
    }

    [Fact]
    public async Task Stop_start_and_restart_buttons_send_the_command_for_their_row()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        monitor.Set(FakeResourceMonitor.Snapshot("log-shipper", KnownResourceStates.Exited, ResourceHealth.Unknown, exitCode: 1));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(dashboard.LoginUrl);
        var hub = page.Locator("tr[data-resource='hub']");
        var shipper = page.Locator("tr[data-resource='log-shipper']");

        await Expect(hub.Locator("button[data-command='start']")).ToBeDisabledAsync();
        await hub.Locator("button[data-command='stop']").ClickAsync();
        await monitor.WaitForCommandAsync(new("hub", "stop"));

        await Expect(shipper.Locator("button[data-command='stop']")).ToBeDisabledAsync();
        await shipper.Locator("button[data-command='start']").ClickAsync();
        await monitor.WaitForCommandAsync(new("log-shipper", "start"));

        await hub.Locator("button[data-command='restart']").ClickAsync();
        await monitor.WaitForCommandAsync(new("hub", "restart"));

        await Expect(page.Locator("#command-status")).ToHaveTextAsync("restart hub: sent");
        Assert.Equal([new("hub", "stop"), new("log-shipper", "start"), new("hub", "restart")], monitor.Commands);
    }
}
