using System.Net;
using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Testing;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.Dashboard.Tests;

public sealed class CsrfTests(ChromiumBrowser chromium)
{
    [Fact]
    public async Task A_cookie_POST_without_the_dashboard_header_or_from_another_origin_is_refused_and_changes_nothing()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        var cookie = await dashboard.LoginCookieAsync();
        using var client = dashboard.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var bare = await client.SendAsync(Post(cookie), ct);
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Contains("X-Lakehouse-Dashboard", await bare.Content.ReadAsStringAsync(ct));

        var crossOrigin = Post(cookie);
        crossOrigin.Headers.Add("X-Lakehouse-Dashboard", "1");
        crossOrigin.Headers.Add("Origin", "http://evil.example");
        using var crossOriginResponse = await client.SendAsync(crossOrigin, ct);
        Assert.Equal(HttpStatusCode.Forbidden, crossOriginResponse.StatusCode);
        Assert.Empty(monitor.Commands);

        var proper = Post(cookie);
        proper.Headers.Add("X-Lakehouse-Dashboard", "1");
        proper.Headers.Add("Origin", dashboard.Address.GetLeftPart(UriPartial.Authority));
        using var properResponse = await client.SendAsync(proper, ct);
        Assert.Equal(HttpStatusCode.OK, properResponse.StatusCode);
        Assert.Equal([new ExecutedCommand("hub", "stop")], monitor.Commands);
    }

    [Fact]
    public async Task A_form_on_another_site_cannot_stop_a_resource_in_a_signed_in_browser()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.LoginAsync(dashboard.LoginUrl);
        var target = new Uri(dashboard.Address, "/api/resources/hub/commands/stop").AbsoluteUri;
        // The attacker's page is served by Playwright itself; its form posts to the real dashboard.
        await page.RouteAsync("http://attacker.test/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"""<form id="f" method="post" action="{target}"></form><script>document.getElementById('f').submit()</script>""",
        }));

        var submitted = page.WaitForResponseAsync(target);
        await page.GotoAsync("http://attacker.test/");
        var response = await submitted;

        Assert.Equal(401, response.Status);
        Assert.Empty(monitor.Commands);

        // Refused for lack of the cookie, not because the session was bad: the same browser is still signed in.
        await page.GotoAsync(dashboard.Address.AbsoluteUri);
        await Expect(page.Locator("tr[data-resource='hub']")).ToBeVisibleAsync();
        Assert.Empty(monitor.Commands);
    }

    private static HttpRequestMessage Post(string cookie) =>
        new(HttpMethod.Post, "/api/resources/hub/commands/stop") { Headers = { { "Cookie", cookie } } };
}
