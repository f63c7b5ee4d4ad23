using System.Diagnostics;
using System.Net;
using System.Text;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Homes;

/// <summary>
/// The hub's pages against a real fileserver process: usage against the quota on the home and admin pages, an
/// admin's quota, and a user's files (browse, upload, download) while no server runs.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class HomeStoragePagesTests(HubEnvironment environment) : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private FileServerProcess _fileServer = null!;
    private HubApp _hub = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fileServer = await FileServerProcess.StartAsync(
            _state, new Dictionary<string, string> { ["FileServer__DefaultQuota"] = "1000" }, SpawnerProcess.HubToken);
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        _hub = environment.StartHub(new Dictionary<string, string?> { ["services:fileserver:http:0"] = _fileServer.Address.ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Home_and_admin_pages_show_usage_against_the_quota_warn_from_90_percent_and_an_admin_raises_the_quota()
    {
        using var alice = await _hub.LoginAsync("alice");
        Assert.Contains("Home: 0 B of 1000 B (0%) used", await alice.GetPageAsync("/hub/home"));

        using (var upload = await UploadAsync(alice, "alice", "", "data.bin", new string('d', 950)))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        var home = await alice.GetPageAsync("/hub/home");
        Assert.Contains("Home: 950 B of 1000 B (95%) used", home);
        Assert.Contains("Your home is almost full", home);

        using var admin = await _hub.LoginAsync("admin");
        Assert.Contains("950 B of 1000 B (95%)", await admin.GetPageAsync("/hub/admin"));
        using (var set = await admin.PostFormAsync("/hub/admin/users/alice/quota", new Dictionary<string, string> { ["quota"] = "2KiB" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        }

        home = await alice.GetPageAsync("/hub/home");
        Assert.Contains("Home: 950 B of 2 KiB (46%) used", home);
        Assert.DoesNotContain("almost full", home);
    }

    [Fact]
    public async Task Only_admins_set_quotas_and_a_bad_size_changes_nothing()
    {
        using var bob = await _hub.LoginAsync("bob");
        using var admin = await _hub.LoginAsync("admin");

        using (var refused = await bob.PostFormAsync("/hub/admin/users/alice/quota", new Dictionary<string, string> { ["quota"] = "1TiB" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var bad = await admin.PostFormAsync("/hub/admin/users/alice/quota", new Dictionary<string, string> { ["quota"] = "lots" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("is not a size", await bad.Content.ReadAsStringAsync(Cancellation));
        }

        Assert.Equal(1000, (await _fileServer.HubFiles.GetUsageAsync("alice", Cancellation))!.QuotaBytes);
    }

    [Fact]
    public async Task A_user_browses_uploads_and_downloads_files_which_belong_to_them_and_nobody_else_gets_in()
    {
        Directory.CreateDirectory(Path.Combine(_fileServer.Home("alice"), "notebooks"));
        using var alice = await _hub.LoginAsync("alice");

        using (var upload = await UploadAsync(alice, "alice", "notebooks", "analysis.py", "print(42)\n"))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
            Assert.Equal("/hub/files/alice?path=notebooks", upload.Headers.Location?.OriginalString);
        }

        var root = await alice.GetPageAsync("/hub/files/alice");
        Assert.Contains("href=\"/hub/files/alice?path=notebooks\">notebooks/</a>", root);
        var folder = await alice.GetPageAsync("/hub/files/alice?path=notebooks");
        Assert.Contains("href=\"/hub/files/alice/download?path=notebooks%2Fanalysis.py\">analysis.py</a>", folder);

        using (var download = await alice.GetAsync("/hub/files/alice/download?path=notebooks%2Fanalysis.py"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("print(42)\n", await download.Content.ReadAsStringAsync(Cancellation));
        }

        Assert.Equal("10001 10001", Owner(Path.Combine(_fileServer.Home("alice"), "notebooks", "analysis.py")));

        using (var outside = await alice.GetAsync("/hub/files/alice?path=..%2F.lakehouse"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        }

        using var bob = await _hub.LoginAsync("bob");
        using (var refused = await bob.GetAsync("/hub/files/alice"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var refusedUpload = await UploadAsync(bob, "alice", "", "planted.txt", "x"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedUpload.StatusCode);
        }

        Assert.False(File.Exists(Path.Combine(_fileServer.Home("alice"), "planted.txt")));
    }

    [Fact]
    public async Task An_upload_past_the_quota_is_refused_on_the_page_and_nothing_is_written()
    {
        using var alice = await _hub.LoginAsync("alice");

        using var upload = await UploadAsync(alice, "alice", "", "big.bin", new string('b', 1001));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.Contains("would exceed its quota", await upload.Content.ReadAsStringAsync(Cancellation));
        Assert.Empty(Directory.GetFileSystemEntries(_fileServer.Home("alice")));
    }

    /// <summary>The upload form as a browser posts it: multipart, with the page's CSRF token.</summary>
    private static Task<HttpResponseMessage> UploadAsync(HubBrowser browser, string user, string folder, string fileName, string content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(browser.Xsrf ?? ""), "_xsrf" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", fileName },
        };
        return browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/hub/files/{user}/upload?path={Uri.EscapeDataString(folder)}") { Content = form });
    }

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("/usr/bin/stat", ["-c", "%u %g", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }
}
