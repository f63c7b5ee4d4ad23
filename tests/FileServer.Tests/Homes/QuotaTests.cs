using System.Net;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Homes;

/// <summary>Quotas: the default from configuration, admins' overrides kept across restarts, states from usage.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private FileServerProcess _fileServer = null!;

    public async ValueTask InitializeAsync() =>
        _fileServer = await FileServerProcess.StartAsync(_state, new Dictionary<string, string> { ["FileServer__DefaultQuota"] = "2 MiB" });

    public async ValueTask DisposeAsync()
    {
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task Usage_against_the_quota_says_ok_then_warning_from_90_percent_then_full()
    {
        var cancellation = TestContext.Current.CancellationToken;
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        var home = await _fileServer.HubFiles.SetQuotaAsync("alice", 1000, cancellation);
        Assert.Equal((1000L, 0L, HomeStates.Ok), (home!.QuotaBytes, home.UsedBytes, home.State));

        // Written by the user's server, not through the fileserver: seen when the home is measured again.
        await File.WriteAllBytesAsync(Path.Combine(_fileServer.Home("alice"), "data.bin"), new byte[900], cancellation);
        home = await _fileServer.HubFiles.GetUsageAsync("alice", cancellation);
        Assert.Equal((900L, HomeStates.Warning), (home!.UsedBytes, home.State));

        await File.WriteAllBytesAsync(Path.Combine(_fileServer.Home("alice"), "more.bin"), new byte[100], cancellation);
        home = await _fileServer.HubFiles.GetUsageAsync("alice", cancellation);
        Assert.Equal((1000L, HomeStates.Full), (home!.UsedBytes, home.State));

        // Ensuring a full home still answers (the spawner decides), and deletes nothing.
        using var ensure = await _fileServer.EnsureAsync("alice", 10001, 10001);
        Assert.Equal(HttpStatusCode.OK, ensure.StatusCode);
        Assert.Equal(2, Directory.GetFiles(_fileServer.Home("alice")).Length);
    }

    [Fact]
    public async Task An_admins_quota_outlives_a_restart_and_others_keep_the_default()
    {
        var cancellation = TestContext.Current.CancellationToken;
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();
        (await _fileServer.EnsureAsync("bob", 10002, 10002)).Dispose();
        await _fileServer.HubFiles.SetQuotaAsync("alice", 5L << 30, cancellation);

        await _fileServer.KillAsync();
        await _fileServer.StartAsync();

        var homes = await _fileServer.HubFiles.ListAsync(cancellation);
        Assert.Equal([("alice", 5L << 30), ("bob", 2L << 20)], homes.Select(h => (h.Name, h.QuotaBytes)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task A_quota_must_be_positive(long quota)
    {
        (await _fileServer.EnsureAsync("alice", 10001, 10001)).Dispose();

        var refusal = await Assert.ThrowsAsync<FileServerException>(() => _fileServer.HubFiles.SetQuotaAsync("alice", quota, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.Equal(2L << 20, (await _fileServer.HubFiles.GetUsageAsync("alice", TestContext.Current.CancellationToken))!.QuotaBytes);
    }

    [Fact]
    public async Task A_quota_for_a_user_without_a_home_is_not_found()
    {
        Assert.Null(await _fileServer.HubFiles.SetQuotaAsync("nobody", 1000, TestContext.Current.CancellationToken));
    }
}
