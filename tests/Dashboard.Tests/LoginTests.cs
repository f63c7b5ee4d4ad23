using System.Net;
using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.Dashboard.Tests;

public sealed class LoginTests(ChromiumBrowser chromium)
{
    private const string Token = "test-token-0123456789abcdef";

    [Fact]
    public async Task Without_the_token_the_browser_gets_a_401_login_page_and_no_data()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("secret-resource"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor, Token);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(dashboard.Address.AbsoluteUri);

        Assert.Equal(401, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("secret-resource");
        var api = await page.GotoAsync(new Uri(dashboard.Address, "/api/resources").AbsoluteUri);
        Assert.Equal(401, api!.Status);
        Assert.DoesNotContain("secret-resource", await api.TextAsync());
    }

    [Fact]
    public async Task The_login_link_sets_an_HttpOnly_SameSite_Strict_cookie_and_opens_the_resources()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor, Token);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.LoginAsync(dashboard.LoginUrl);

        await Expect(page.Locator("tr[data-resource='hub']")).ToBeVisibleAsync();
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(Token, cookie.Value);
        Assert.Null(await page.EvaluateAsync<string?>("document.cookie || null"));
    }

    [Fact]
    public async Task Pasting_the_token_into_the_login_form_signs_in_and_a_wrong_one_is_refused()
    {
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor, Token);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(dashboard.Address.AbsoluteUri);

        await page.Locator("#t").FillAsync("wrong-token-0000000000000");
        await page.Locator("form.login button").ClickAsync();
        await Expect(page.Locator("p.message")).ToContainTextAsync("That token is not valid");
        Assert.Empty(await context.CookiesAsync());

        await page.Locator("#t").FillAsync(Token);
        await page.Locator("form.login button").ClickAsync();
        await Expect(page.Locator("tr[data-resource='hub']")).ToBeVisibleAsync();
        Assert.Equal(new Uri(dashboard.Address, "/").AbsoluteUri, page.Url);
    }

    [Fact]
    public async Task Login_answers_bad_tokens_with_a_clear_401_and_never_redirects_elsewhere()
    {
        await using var dashboard = await DashboardTestHost.StartAsync(new FakeResourceMonitor(), Token);
        using var client = dashboard.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var wrong = await client.GetAsync("/login?t=not-the-token-at-all", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That token is not valid", await wrong.Content.ReadAsStringAsync(ct));
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var huge = await client.GetAsync("/login?t=" + new string('a', 5000), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, huge.StatusCode);
        Assert.Contains("too long", await huge.Content.ReadAsStringAsync(ct));

        using var hostile = await client.GetAsync("/login?t=%3Cscript%3Ealert(1)%3C%2Fscript%3E", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, hostile.StatusCode);
        Assert.DoesNotContain("<script>", await hostile.Content.ReadAsStringAsync(ct));

        using var good = await client.GetAsync($"/login?t={Token}&returnUrl=https%3A%2F%2Fevil.example%2F&ReturnUrl=%2F%2Fevil.example", ct);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/", good.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(good.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_generated_token_works_and_the_token_never_reaches_the_logs()
    {
        var logs = new CapturingLoggerProvider();
        var monitor = new FakeResourceMonitor();
        monitor.Set(FakeResourceMonitor.Snapshot("hub"));
        await using var dashboard = await DashboardTestHost.StartAsync(monitor, token: null, logs);
        var ct = TestContext.Current.CancellationToken;

        Assert.Matches("^[0-9a-f]{64}$", dashboard.Token);
        var cookie = await dashboard.LoginCookieAsync();
        using var client = dashboard.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resources") { Headers = { { "Cookie", cookie } } };
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var bearer = dashboard.CreateClient(withBearerToken: true);
        using var command = await bearer.PostAsync("/api/resources/hub/commands/restart", null, ct);
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);

        Assert.Contains(logs.Entries, e => e.Contains("Dashboard listening on", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("restart", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(dashboard.Token, StringComparison.Ordinal));
    }
}
