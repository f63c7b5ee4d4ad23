using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.Dashboard.Tests;

public sealed class ConsoleLogsPageTests(ChromiumBrowser chromium)
{
    [Fact]
    public async Task Shows_buffered_lines_then_live_ones_with_stderr_marked_and_markup_as_text()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        monitor.Set(FakeResourceMonitor.Snapshot("spawner"));
        monitor.WriteLog("hub", "stdout", "hub started before the page opened");
        monitor.WriteLog("spawner", "stdout", "a line of another resource");
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(dashboard.LoginUrl);

        await page.Locator("tr[data-resource='hub'] td.name a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(dashboard.Address, "/resources/hub/logs").AbsoluteUri);
        await Expect(page.Locator("#resource-name")).ToHaveTextAsync("hub");
        var lines = page.Locator("#log .line");
        await Expect(lines.Nth(0).Locator(".text")).ToHaveTextAsync("hub started before the page opened");
        await page.EvaluateAsync("window.sameDocument = true");

        const string markup = "<img src=x onerror=\"window.injected = true\"><b>bold</b>";
        monitor.WriteLog("hub", "stderr", markup);
        monitor.WriteLog("hub", "stdout", "after the markup");

        await Expect(lines).ToHaveCountAsync(3);
        await Expect(lines.Nth(1).Locator(".text")).ToHaveTextAsync(markup);
        await Expect(lines.Nth(1)).ToHaveClassAsync("line stream-stderr");
        await Expect(lines.Nth(2)).ToHaveClassAsync("line stream-stdout");
        await Expect(page.Locator("#log img, #log b")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("window.injected === true"));
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"));
        await Expect(page.Locator("#log")).Not.ToContainTextAsync("a line of another resource");
    }

    [Fact]
    public async Task Unknown_or_malformed_resource_gets_an_error_page()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(dashboard.LoginUrl);

        var unknown = await page.GotoAsync(new Uri(dashboard.Address, "/resources/nope/logs").AbsoluteUri);
        Assert.Equal(404, unknown!.Status);
        await Expect(page.Locator("p.message")).ToHaveTextAsync("There is no resource named 'nope'.");

        var hostile = await page.GotoAsync(new Uri(dashboard.Address, "/resources/%3Cscript%3Ex%3C%2Fscript%3E/logs").AbsoluteUri);
        Assert.Equal(400, hostile!.Status);
        await Expect(page.Locator("p.message")).ToContainTextAsync("Invalid resource name");
        await Expect(page.Locator("script")).ToHaveCountAsync(0);
    }
}
