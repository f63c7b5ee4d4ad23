using System.Net;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Homes;

/// <summary>Names cannot leave the homes root, links are never followed, system accounts never get a home.</summary>
public sealed class PathSafetyTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private FileServerProcess _fileServer = null!;

    public async ValueTask InitializeAsync() => _fileServer = await FileServerProcess.StartAsync(_state);

    public async ValueTask DisposeAsync()
    {
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Theory]
    [InlineData("...", "must start with a letter or a digit")]
    [InlineData("..%2F..%2Fetc", "only ASCII letters")]
    [InlineData(".lakehouse", "must start with a letter or a digit")]
    [InlineData("a%2Fb", "only ASCII letters")]
    [InlineData("al%20ice", "contains ' '")]
    public async Task Bad_names_are_refused_and_change_nothing(string name, string reason)
    {
        using var response = await _fileServer.EnsureAsync(name, 10001, 10001);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal([".lakehouse"], Directory.GetFileSystemEntries(_fileServer.HomesRoot).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10001, 27)]
    public async Task System_accounts_never_get_a_home(int uid, int gid)
    {
        using var response = await _fileServer.EnsureAsync("alice", uid, gid);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Path.Exists(_fileServer.Home("alice")));
    }

    [Fact]
    public async Task A_link_where_a_home_should_be_is_refused_and_its_target_left_alone()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_state.Path, "outside"));
        File.CreateSymbolicLink(_fileServer.Home("mallory"), outside.FullName);

        using var response = await _fileServer.EnsureAsync("mallory", 10009, 10009);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("symbolic link", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, FileOwner.Of(outside.FullName).Uid);
        Assert.Empty(outside.GetFileSystemInfos());
    }

    [Fact]
    public async Task Only_the_hub_lists_homes_and_sets_quotas()
    {
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        using var anonymous = _fileServer.CreateClient(null);
        using var wrong = _fileServer.CreateClient("not-a-token-of-this-platform");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/homes/alice", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/homes/alice", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _fileServer.Spawner.GetAsync("/api/homes/alice", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _fileServer.Spawner.GetAsync("/api/homes", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _fileServer.Spawner.PutAsync(
            "/api/homes/alice/quota", FileServerProcess.JsonContent(new Contracts.SetQuotaRequest(1)), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _fileServer.Spawner.GetAsync("/api/homes/alice/files", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(10L << 30, (await _fileServer.HubFiles.GetUsageAsync("alice", TestContext.Current.CancellationToken))!.QuotaBytes);
    }
}
