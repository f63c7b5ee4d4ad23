using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Spawner;

/// <summary>
/// The spawner asks the fileserver for each home before it starts a real Jupyter server; the homes are exported over
/// NFS by a real ganesha and read and written with libnfs' userspace client.
/// </summary>
public sealed class SpawnWithHomesTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private readonly JupyterClient _jupyter = new();
    private FileServerProcess _fileServer = null!;
    private SpawnerApp _spawner = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string ExportFile => Path.Combine(_state.Path, "resources", "nfs", "export.conf");

    public async ValueTask InitializeAsync()
    {
        _fileServer = await FileServerProcess.StartAsync(_state, new Dictionary<string, string> { ["FileServer__NfsExportFile"] = ExportFile });
        _spawner = new SpawnerApp(_state, new Dictionary<string, string?>
        {
            ["services:fileserver:http:0"] = _fileServer.Address.ToString(),
            ["Lakehouse:ServiceTokens:Spawner"] = FileServerProcess.SpawnerToken,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _spawner.DisposeAsync();
        await _fileServer.DisposeAsync();
        _jupyter.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task A_file_the_server_writes_is_seen_over_nfs_with_its_owner_and_one_written_over_nfs_is_seen_by_the_server()
    {
        using var ganesha = await GaneshaServer.StartAsync(Directory.CreateDirectory(Path.Combine(_state.Path, "resources", "nfs")).FullName, ExportFile);
        var alice = TestUsers.Alice;
        var server = await _spawner.StartReadyAsync(alice);
        await _jupyter.PutFileAsync(server.Url!, server.Token!, "from-server.txt", "written by the notebook server");

        var (listed, listing) = await NfsClient.ListAsync(ganesha.Url("alice", alice.Uid, alice.Gid));
        Assert.Equal(0, listed);
        var line = Assert.Single(listing.Split('\n'), l => l.EndsWith(" from-server.txt", StringComparison.Ordinal));
        Assert.Equal(["10001", "10001"], line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2..4]);
        Assert.Equal((0, "written by the notebook server"), await NfsClient.CatAsync(ganesha.Url("alice/from-server.txt", alice.Uid, alice.Gid)));

        var local = Path.Combine(_state.Path, "from-nfs.txt");
        await File.WriteAllTextAsync(local, "written over NFS", Cancellation);
        var (copied, copyOutput) = await NfsClient.CopyAsync(local, ganesha.Url("alice/from-nfs.txt", alice.Uid, alice.Gid));
        Assert.True(copied == 0, copyOutput);
        Assert.Equal("written over NFS", await ReadThroughServerAsync(server, "from-nfs.txt"));

        // Another user's uid gets nothing of alice's home: it is hers, mode 0700, over NFS too.
        var (bobListed, _) = await NfsClient.ListAsync(ganesha.Url("alice", TestUsers.Bob.Uid, TestUsers.Bob.Gid));
        Assert.NotEqual(0, bobListed);
    }

    [Fact]
    public async Task A_full_home_refuses_the_start_with_a_clear_message_and_deletes_nothing()
    {
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        await _fileServer.HubFiles.SetQuotaAsync("alice", 1000, Cancellation);
        await File.WriteAllBytesAsync(Path.Combine(_fileServer.Home("alice"), "big.bin"), new byte[1000], Cancellation);

        using (var start = await _spawner.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        var last = (await _spawner.ReadProgressAsync("alice"))[^1];
        Assert.True(last.Failed);
        Assert.Contains("Your home is full (1000 B of your 1000 B quota used)", last.Message);
        Assert.Contains("Nothing was deleted", last.Message);
        Assert.True(File.Exists(Path.Combine(_fileServer.Home("alice"), "big.bin")));
        Assert.Empty(_state.ProcessesStartedHere());
    }

    [Fact]
    public async Task From_90_percent_the_spawn_warns_the_user()
    {
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        await _fileServer.HubFiles.SetQuotaAsync("alice", 1000, Cancellation);
        await File.WriteAllBytesAsync(Path.Combine(_fileServer.Home("alice"), "big.bin"), new byte[950], Cancellation);

        using (await _spawner.StartAsync(TestUsers.Alice))
        {
        }

        var events = await _spawner.ReadProgressAsync("alice");
        Assert.True(events[^1].Ready);
        Assert.Contains(events, e => e.Message.Contains("Warning: your home is almost full (950 B of your 1000 B quota used, 95", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restarting_the_fileserver_does_not_disturb_a_running_server()
    {
        var server = await _spawner.StartReadyAsync(TestUsers.Alice);

        await _fileServer.KillAsync();
        await _jupyter.PutFileAsync(server.Url!, server.Token!, "while-down.txt", "the fileserver was down");
        await _fileServer.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(server.Url!, server.Token));
        Assert.Equal("the fileserver was down", await ReadThroughServerAsync(server, "while-down.txt"));
        var home = await _fileServer.HubFiles.GetUsageAsync("alice", Cancellation);
        Assert.Equal(10001, home!.Uid);
        using var ensure = await _fileServer.EnsureAsync("alice", 10001, 10001);
        Assert.Equal(HttpStatusCode.OK, ensure.StatusCode);
    }

    [Fact]
    public async Task Without_the_fileserver_a_start_fails_with_a_clear_message()
    {
        await _fileServer.KillAsync();

        using (await _spawner.StartAsync(TestUsers.Alice))
        {
        }

        var last = (await _spawner.ReadProgressAsync("alice"))[^1];
        Assert.True(last.Failed);
        Assert.Contains("the fileserver cannot be reached", last.Message);
        Assert.False(Path.Exists(_fileServer.Home("alice")));
    }

    /// <summary>A file's text through Jupyter's contents API, as the notebook UI reads it.</summary>
    private static async Task<string> ReadThroughServerAsync(ServerStatus server, string path)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url!, $"api/contents/{path}?type=file&format=text&content=1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", server.Token);
        using var response = await client.SendAsync(request, Cancellation);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return body.RootElement.GetProperty("content").GetString()!;
    }
}
