using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.Playwright;

namespace Lakehouse.Hub.Tests.Servers;

[Collection(HubCollection.Name)]
public sealed class BrowserTests(HubEnvironment environment)
{
    [Fact]
    public async Task In_chromium_a_user_logs_in_starts_watches_the_progress_lands_on_the_server_url_and_stops()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        await using var hub = new HubApp(environment, environment.NewHubFolder(), kestrel: true);
        await hub.SynchronizedAsync();
        await using var chromium = new ChromiumBrowser();
        await chromium.InitializeAsync();
        var context = await chromium.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(hub.Address!, "/hub/home").ToString());
            Assert.Contains("/hub/login", page.Url);
            await page.FillAsync("input[name=username]", "alice");
            await page.FillAsync("input[name=password]", hub.DemoPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("#server-state")).ToContainTextAsync("stopped");

            // The progress page follows the EventSource and sends the browser on to the server when it is ready.
            var consoleErrors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add(message.Text);
                }
            };
            // Without a proxy in front, /user/alice/ is not served here: the browser asking for it is the proof.
            var toServer = page.WaitForRequestAsync("**/user/alice/", new PageWaitForRequestOptions { Timeout = 120_000 });
            await page.ClickAsync("#start");
            await toServer;
            Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));

            // A new tab: the first one is busy failing to show /user/alice/, which only the proxy serves.
            var home = await context.NewPageAsync();
            await home.GotoAsync(new Uri(hub.Address!, "/hub/home").ToString());
            await Assertions.Expect(home.Locator("#server-state")).ToContainTextAsync("running");
            await Assertions.Expect(home.Locator("#server-link")).ToHaveAttributeAsync("href", "/user/alice/");
            await home.ClickAsync("#stop");
            await Assertions.Expect(home.Locator("#server-state")).Not.ToContainTextAsync("running");
        }
        finally
        {
            await context.CloseAsync();
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }
}
