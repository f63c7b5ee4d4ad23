using System.Net;
using System.Text;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Files;

/// <summary>Browsing, downloading and uploading a home's files: the user's ownership, the quota, no way out of the home.</summary>
public sealed class FilesApiTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private FileServerProcess _fileServer = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fileServer = await FileServerProcess.StartAsync(_state);
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task An_upload_belongs_to_the_user_and_can_be_listed_and_downloaded()
    {
        Directory.CreateDirectory(Path.Combine(_fileServer.Home("alice"), "data"));

        var entry = await Upload("data/results.csv", "a,b\n1,2\n");

        Assert.Equal(("results.csv", HomeEntry.File, 8L), (entry.Name, entry.Type, entry.Size));
        Assert.Equal(10001, FileOwner.Of(Path.Combine(_fileServer.Home("alice"), "data", "results.csv")).Uid);
        var root = await _fileServer.HubFiles.ListFilesAsync("alice", "", Cancellation);
        Assert.Equal([("data", HomeEntry.Directory)], root.Select(e => (e.Name, e.Type)));
        var data = await _fileServer.HubFiles.ListFilesAsync("alice", "data", Cancellation);
        Assert.Equal([("results.csv", 8L)], data.Select(e => (e.Name, e.Size)));
        using var download = await _fileServer.HubFiles.DownloadAsync("alice", "data/results.csv", Cancellation);
        Assert.Equal("a,b\n1,2\n", await download.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(8, (await _fileServer.HubFiles.GetUsageAsync("alice", Cancellation))!.UsedBytes);
    }

    [Fact]
    public async Task An_upload_replaces_a_file_and_usage_follows()
    {
        await Upload("notes.txt", new string('x', 500));
        await Upload("notes.txt", new string('y', 100));

        Assert.Equal(new string('y', 100), await File.ReadAllTextAsync(Path.Combine(_fileServer.Home("alice"), "notes.txt"), Cancellation));
        Assert.Equal(100, (await _fileServer.HubFiles.GetUsageAsync("alice", Cancellation))!.UsedBytes);
    }

    [Fact]
    public async Task An_upload_past_the_quota_is_refused_and_leaves_nothing()
    {
        await _fileServer.HubFiles.SetQuotaAsync("alice", 1000, Cancellation);
        await Upload("kept.txt", new string('k', 600));

        var refusal = await Assert.ThrowsAsync<FileServerException>(() => Upload("big.txt", new string('b', 600)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refusal.StatusCode);
        Assert.Contains("exceed its quota", refusal.Message);
        Assert.Equal(["kept.txt"], Directory.GetFileSystemEntries(_fileServer.Home("alice")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("../bob/secret.txt")]
    [InlineData("./x/../../etc")]
    [InlineData("escape/passwd")]
    public async Task No_path_leads_out_of_the_home(string path)
    {
        File.CreateSymbolicLink(Path.Combine(_fileServer.Home("alice"), "escape"), "/etc");
        Directory.CreateDirectory(_fileServer.Home("bob"));

        var list = await Assert.ThrowsAsync<FileServerException>(() => _fileServer.HubFiles.ListFilesAsync("alice", path, Cancellation));
        var download = await Assert.ThrowsAsync<FileServerException>(() => _fileServer.HubFiles.DownloadAsync("alice", path, Cancellation));
        var upload = await Assert.ThrowsAsync<FileServerException>(() => Upload(path, "owned"));

        Assert.All([list, download, upload], e => Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode));
        Assert.False(File.Exists(Path.Combine(_fileServer.Home("bob"), "secret.txt")));
        Assert.Equal(0, FileOwner.Of("/etc/passwd").Uid);
    }

    [Fact]
    public async Task A_link_in_the_home_is_not_listed_downloaded_or_written_through()
    {
        var target = Path.Combine(_state.Path, "target.txt");
        await File.WriteAllTextAsync(target, "untouched", Cancellation);
        var link = Path.Combine(_fileServer.Home("alice"), "link.txt");
        File.CreateSymbolicLink(link, target);

        Assert.Empty(await _fileServer.HubFiles.ListFilesAsync("alice", "", Cancellation));
        var download = await Assert.ThrowsAsync<FileServerException>(() => _fileServer.HubFiles.DownloadAsync("alice", "link.txt", Cancellation));
        var upload = await Assert.ThrowsAsync<FileServerException>(() => Upload("link.txt", "new content"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Conflict), (download.StatusCode, upload.StatusCode));
        Assert.Equal("untouched", await File.ReadAllTextAsync(target, Cancellation));
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(["link.txt"], Directory.GetFileSystemEntries(_fileServer.Home("alice")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_user_without_a_home_has_no_files()
    {
        var missing = await Assert.ThrowsAsync<FileServerException>(() => _fileServer.HubFiles.ListFilesAsync("bob", "", Cancellation));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(Path.Exists(_fileServer.Home("bob")));
    }

    private async Task<HomeEntry> Upload(string path, string content)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await _fileServer.HubFiles.UploadAsync("alice", path, body, Cancellation);
    }
}
