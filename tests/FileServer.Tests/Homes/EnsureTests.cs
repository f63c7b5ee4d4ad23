using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Homes;

/// <summary>Ensuring homes: created once, owned by the user, filled from the skeleton, never recreated or emptied.</summary>
public sealed class EnsureTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private string _skeleton = null!;
    private FileServerProcess _fileServer = null!;

    public async ValueTask InitializeAsync()
    {
        _skeleton = Directory.CreateDirectory(Path.Combine(_state.Path, "skel")).FullName;
        await File.WriteAllTextAsync(Path.Combine(_skeleton, ".profile"), "export EDITOR=vi\n", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(_skeleton, "examples"));
        await File.WriteAllTextAsync(Path.Combine(_skeleton, "examples", "hello.py"), "print('hello')\n", TestContext.Current.CancellationToken);
        _fileServer = await FileServerProcess.StartAsync(_state, new Dictionary<string, string> { ["FileServer__SkeletonDirectory"] = _skeleton });
    }

    public async ValueTask DisposeAsync()
    {
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task A_new_home_belongs_to_the_user_with_mode_0700_and_the_skeleton()
    {
        using var response = await _fileServer.EnsureAsync("alice", 10001, 10002);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var home = await response.Content.ReadFromJsonAsync<HomeVolume>(ContractJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(new HomeVolume("alice", 10001, 10002, _fileServer.Home("alice"), null, "alice", 10L << 30, home!.UsedBytes, HomeStates.Ok), home);
        Assert.Equal(new FileOwner(10001, 10002, "700"), FileOwner.Of(_fileServer.Home("alice")));
        Assert.Equal("print('hello')\n", await File.ReadAllTextAsync(Path.Combine(_fileServer.Home("alice"), "examples", "hello.py"), TestContext.Current.CancellationToken));
        Assert.Equal(10001, FileOwner.Of(Path.Combine(_fileServer.Home("alice"), "examples", "hello.py")).Uid);
        Assert.Equal(10001, FileOwner.Of(Path.Combine(_fileServer.Home("alice"), ".profile")).Uid);
        Assert.Equal("export EDITOR=vi\n".Length + "print('hello')\n".Length, home.UsedBytes);
    }

    [Fact]
    public async Task An_existing_home_is_never_recreated_or_emptied()
    {
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        var work = Path.Combine(_fileServer.Home("alice"), "work.ipynb");
        await File.WriteAllTextAsync(work, "{}", TestContext.Current.CancellationToken);
        File.Delete(Path.Combine(_fileServer.Home("alice"), ".profile"));

        using var again = await _fileServer.EnsureAsync("alice", 10001, 10001);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(File.Exists(work));
        // Not refilled from the skeleton either: what the user deleted stays deleted.
        Assert.False(File.Exists(Path.Combine(_fileServer.Home("alice"), ".profile")));
    }

    [Fact]
    public async Task Concurrent_ensures_for_one_user_create_one_home()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _fileServer.EnsureAsync("bob", 10002, 10002)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(["bob"], Directory.GetDirectories(_fileServer.HomesRoot).Select(Path.GetFileName).Where(n => n != ".lakehouse"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_fileServer.HomesRoot, ".lakehouse", "provisioning")));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_failed_creation_leaves_no_half_made_home()
    {
        // A FIFO in the skeleton cannot be copied: the creation fails halfway, after the other files were copied.
        using (var mkfifo = System.Diagnostics.Process.Start("/usr/bin/mkfifo", [Path.Combine(_skeleton, "zz-pipe")]))
        {
            await mkfifo!.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var response = await _fileServer.EnsureAsync("carol", 10003, 10003);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("neither a file nor a folder", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(Path.Exists(_fileServer.Home("carol")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_fileServer.HomesRoot, ".lakehouse", "provisioning")));

        // Once the skeleton is fixed, the home is created whole.
        File.Delete(Path.Combine(_skeleton, "zz-pipe"));
        using var retry = await _fileServer.EnsureAsync("carol", 10003, 10003);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(File.Exists(Path.Combine(_fileServer.Home("carol"), "examples", "hello.py")));
    }

    [Fact]
    public async Task What_an_interrupted_creation_left_is_removed_at_start_and_never_becomes_a_home()
    {
        var leftover = Directory.CreateDirectory(Path.Combine(_fileServer.HomesRoot, ".lakehouse", "provisioning", "dave.0123"));
        await File.WriteAllTextAsync(Path.Combine(leftover.FullName, "half"), "x", TestContext.Current.CancellationToken);

        await _fileServer.KillAsync();
        await _fileServer.StartAsync();

        Assert.False(leftover.Exists);
        using var list = await _fileServer.Hub.GetAsync("/api/homes", TestContext.Current.CancellationToken);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
