using System.Text.RegularExpressions;
using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.AppHost.Tests;

/// <summary>
/// The notebook journey through the real platform in Chromium, as a new user tries it after <c>./lakehouse up</c>:
/// the proxy sends them to log in (LDAP), they start their server, watch its progress, land in the notebook UI,
/// run <c>1+1</c> in a kernel over the proxied WebSocket, and stop it. Another user cannot get in.
/// </summary>
[Collection(PlatformCollection.Name)]
public class NotebookJourneyTests(AppHostProcess appHost, ChromiumBrowser chromium)
{
    private static readonly PageWaitForURLOptions SpawnWait = new() { Timeout = 180_000 };

    [Fact]
    public async Task Alice_logs_in_starts_her_server_runs_a_cell_and_stops_it_while_bob_is_kept_out()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var proxy = await appHost.GetPublicUrlAsync(cancellationToken);
        await using var alice = await chromium.NewContextAsync();
        var page = await alice.NewPageAsync();

        // Anonymous: the proxy sends the browser to the hub's login.
        await page.GotoAsync(proxy.AbsoluteUri);
        await Expect(page).ToHaveURLAsync(new Regex("/hub/login"));
        await LogInAsync(page, "alice");
        await Expect(page).ToHaveURLAsync(new Regex("/hub/home"));

        // Start: the progress page, then the notebook UI of her own server.
        await page.ClickAsync("#start");
        await page.WaitForURLAsync(new Regex("/user/alice/tree"), SpawnWait);
        await Expect(page).ToHaveTitleAsync("Home");

        // A notebook, a cell, a kernel over the proxied WebSocket.
        var notebook = await page.EvaluateAsync<string>("""
            async () => {
              const response = await fetch('/user/alice/api/contents', {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ type: 'notebook' }) });
              if (!response.ok) throw new Error('creating a notebook: HTTP ' + response.status);
              return (await response.json()).path;
            }
            """);
        await page.GotoAsync(new Uri(proxy, $"user/alice/notebooks/{notebook}").AbsoluteUri);
        await Expect(page.Locator("#kernel_indicator_icon.kernel_idle_icon")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await page.Locator(".cell .CodeMirror").First.ClickAsync();
        await page.Keyboard.TypeAsync("1+1");
        await page.Keyboard.PressAsync("Shift+Enter");
        await Expect(page.Locator(".output_result").First).ToContainTextAsync("2", new() { Timeout = 60_000 });

        // Bob is kept out of Alice's server.
        await using (var bob = await chromium.NewContextAsync())
        {
            var bobPage = await bob.NewPageAsync();
            await bobPage.GotoAsync(new Uri(proxy, "hub/login").AbsoluteUri);
            await LogInAsync(bobPage, "bob");
            await Expect(bobPage).ToHaveURLAsync(new Regex("/hub/home"));
            var denied = await bobPage.GotoAsync(new Uri(proxy, "user/alice/tree").AbsoluteUri);
            Assert.Equal(403, denied!.Status);
            var api = await bobPage.APIRequest.GetAsync(new Uri(proxy, "user/alice/api/contents").AbsoluteUri);
            Assert.Equal(403, api.Status);
        }

        // Stop: back on the home page, with Start offered again.
        await page.GotoAsync(new Uri(proxy, "hub/home").AbsoluteUri);
        await page.ClickAsync("#stop");
        await Expect(page).ToHaveURLAsync(new Regex("/hub/home"));
        // The page says "stopping" until the server is gone; like a user, reload until Start is offered.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await page.Locator("#start").IsVisibleAsync() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000, cancellationToken);
            await page.ReloadAsync();
        }

        await Expect(page.Locator("#start")).ToBeVisibleAsync();
        var gone = await page.APIRequest.GetAsync(new Uri(proxy, "user/alice/api/status").AbsoluteUri, new() { MaxRedirects = 0 });
        Assert.NotEqual(200, gone.Status);
    }

    private async Task LogInAsync(IPage page, string user)
    {
        await page.FillAsync("input[name=username]", user);
        await page.FillAsync("input[name=password]", appHost.DemoPassword);
        await page.ClickAsync("button[type=submit]");
    }
}
