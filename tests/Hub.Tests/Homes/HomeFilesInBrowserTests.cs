using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.Playwright;

namespace Lakehouse.Hub.Tests.Homes;

/// <summary>The files page in Chromium, with no server running: from the home page to an upload and its download.</summary>
[Collection(HubCollection.Name)]
public sealed class HomeFilesInBrowserTests(HubEnvironment environment)
{
    [Fact]
    public async Task In_chromium_a_user_with_no_server_running_uploads_a_file_and_downloads_it_again()
    {
        using var state = new StateFolder();
        await using var fileServer = await FileServerProcess.StartAsync(state, null, SpawnerProcess.HubToken);
        (await fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        await using var hub = new HubApp(
            environment, environment.NewHubFolder(), new Dictionary<string, string?> { ["services:fileserver:http:0"] = fileServer.Address.ToString() }, kestrel: true);
        await using var chromium = new ChromiumBrowser();
        await chromium.InitializeAsync();
        var context = await chromium.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(hub.Address!, "/hub/home").ToString());
            await page.FillAsync("input[name=username]", "alice");
            await page.FillAsync("input[name=password]", hub.DemoPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("#home-usage")).ToContainTextAsync("0 B of 10 GiB (0%) used");

            await page.ClickAsync("#files-link");
            await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "report.txt", MimeType = "text/plain", Buffer = "quarterly numbers\n"u8.ToArray() });
            await page.ClickAsync("#upload");
            var row = page.Locator("#files tr[data-name='report.txt']");
            await Assertions.Expect(row).ToContainTextAsync("18 B");

            var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a").ClickAsync());
            Assert.Equal("report.txt", download.SuggestedFilename);
            var saved = Path.Combine(state.Path, "downloaded.txt");
            await download.SaveAsAsync(saved);
            Assert.Equal("quarterly numbers\n", await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken));
            Assert.True(File.Exists(Path.Combine(fileServer.Home("alice"), "report.txt")));
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
