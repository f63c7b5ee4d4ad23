using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.AppHost.Tests;

/// <summary>The dashboard of the real AppHost, in Chromium: what an operator sees and does after <c>./lakehouse up</c>.</summary>
[Collection(PlatformCollection.Name)]
public class DashboardInBrowserTests(AppHostProcess appHost, ChromiumBrowser chromium)
{
    private static readonly string[] Resources = [.. AppHostProcess.Services, "rabbitmq", "ldap"];

    [Fact]
    public async Task Shows_every_resource_running_and_healthy_with_live_logs_and_working_commands()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(appHost.DashboardLoginUrl);

        foreach (var resource in Resources)
        {
            var row = page.Locator($"tr[data-resource='{resource}']");
            await Expect(row.Locator("td.state .display-state")).ToHaveTextAsync("Running");
            await Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy");
        }

        var hubLink = page.Locator("tr[data-resource='hub'] td.endpoints a");
        await Expect(hubLink).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^http://127\.0\.0\.1:\d+/$"));

        // The hub's console log, as the process wrote it.
        await page.Locator("tr[data-resource='hub'] td.name a").ClickAsync();
        await Expect(page.Locator("#log")).ToContainTextAsync("Application started");
        await page.GoBackAsync();

        // Stop, then start again: the row follows the real process.
        var shipper = page.Locator("tr[data-resource='log-shipper']");
        await shipper.Locator("button[data-command='stop']").ClickAsync();
        await Expect(shipper.Locator("td.state .display-state")).Not.ToHaveTextAsync("Running");
        await Expect(shipper.Locator("button[data-command='start']")).ToBeEnabledAsync();
        await shipper.Locator("button[data-command='start']").ClickAsync();
        await Expect(shipper.Locator("td.state .display-state")).ToHaveTextAsync("Running");
        await Expect(shipper.Locator("td.health")).ToHaveTextAsync("Healthy");

        // Restart gives a new process: its start time changes.
        var fileserver = page.Locator("tr[data-resource='fileserver']");
        var started = await fileserver.Locator("td.start-time time").GetAttributeAsync("datetime");
        await fileserver.Locator("button[data-command='restart']").ClickAsync();
        await Expect(fileserver.Locator("td.start-time time")).Not.ToHaveAttributeAsync("datetime", started!);
        await Expect(fileserver.Locator("td.state .display-state")).ToHaveTextAsync("Running");
    }
}
