using System.Net;
using Lakehouse.Contracts;
using Lakehouse.FileServer.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Kubernetes;

/// <summary>
/// The pod backend with a real fileserver: the home is ensured there before the pod is created, the pod mounts the
/// claim and subPath the fileserver answers, a full home refuses the start. No kubelet runs the pods: the spawns end at
/// their start timeout, after the pod spec has been looked at.
/// </summary>
public sealed class KubernetesHomesTests : IAsyncLifetime
{
    private const string FileServerClaim = "lab-homes";

    private readonly StateFolder _state = new();
    private FileServerProcess _fileServer = null!;
    private PodCluster _cluster = null!;
    private SpawnerApp _spawner = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fileServer = await FileServerProcess.StartAsync(_state, new Dictionary<string, string> { ["FileServer__ClaimName"] = FileServerClaim });
        _cluster = await PodCluster.StartAsync(_state, kubelet: false);
        _spawner = new SpawnerApp(_state, _cluster.SpawnerSettings(new()
        {
            ["services:fileserver:http:0"] = _fileServer.Address.ToString(),
            ["Lakehouse:ServiceTokens:Spawner"] = FileServerProcess.SpawnerToken,
            ["Spawner:StartTimeout"] = "00:00:03",
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _spawner.DisposeAsync();
        await _cluster.DisposeAsync();
        await _fileServer.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task The_home_is_ensured_at_the_fileserver_and_the_pod_mounts_the_claim_and_subPath_it_answers()
    {
        using (var response = await _spawner.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Poll.UntilAsync(() => _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is not null, "the pod");
        var home = (await _fileServer.HubFiles.GetUsageAsync("alice", Cancellation))!;
        Assert.Equal((10001, 10001, FileServerClaim, "alice"), (home.Uid, home.Gid, home.ClaimName, home.SubPath));
        Assert.True(Directory.Exists(_fileServer.Home("alice")));

        var pod = _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!;
        Assert.Equal(FileServerClaim, pod["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        var mount = pod["spec"]!["containers"]![0]!["volumeMounts"]![0]!;
        Assert.Equal(("alice", "/home/alice"), (mount["subPath"]!.GetValue<string>(), mount["mountPath"]!.GetValue<string>()));
        Assert.Contains(await _spawner.ReadProgressAsync("alice"), e => e.Message == "Home ready");
    }

    [Fact]
    public async Task A_full_home_refuses_the_start_with_a_clear_message_before_any_pod_and_deletes_nothing()
    {
        await FillAsync("alice", 1000);

        using (await _spawner.StartAsync(TestUsers.Alice))
        {
        }

        var events = await _spawner.ReadProgressAsync("alice");
        Assert.True(events[^1].Failed);
        Assert.Contains("Your home is full (1000 B of your 1000 B quota used), so your server was not started", events[^1].Message);
        Assert.Equal(ServerState.Failed, (await _spawner.GetAsync("alice"))!.State);
        Assert.DoesNotContain(_cluster.Emulator.Requests, r => r.Method == "POST" && r.PathAndQuery.StartsWith("/api/v1/namespaces/jupyter/pods", StringComparison.Ordinal));
        Assert.Null(_cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice"));
        Assert.True(File.Exists(Path.Combine(_fileServer.Home("alice"), "data.bin")));
    }

    [Fact]
    public async Task An_almost_full_home_starts_the_pod_with_a_warning_in_the_progress()
    {
        await FillAsync("alice", 950);

        using (await _spawner.StartAsync(TestUsers.Alice))
        {
        }

        await Poll.UntilAsync(() => _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is not null, "the pod");
        var events = await _spawner.ReadProgressAsync("alice");
        Assert.Contains(events, e => e.Message == "Home ready. Warning: your home is almost full (950 B of your 1000 B quota used, 95%).");
    }

    /// <summary>The user's home with a quota of 1000 bytes, <paramref name="bytes"/> of them used.</summary>
    private async Task FillAsync(string name, int bytes)
    {
        (await _fileServer.EnsureAsync(name, 10001, 10001)).Dispose();
        await _fileServer.HubFiles.SetQuotaAsync(name, 1000, Cancellation);
        await File.WriteAllBytesAsync(Path.Combine(_fileServer.Home(name), "data.bin"), new byte[bytes], Cancellation);
    }
}
