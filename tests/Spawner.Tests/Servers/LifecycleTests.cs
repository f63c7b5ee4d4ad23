using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Servers;

/// <summary>Start, use and stop real Jupyter servers through the spawner's API.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private readonly JupyterClient _jupyter = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new SpawnerApp(_state);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task AStartedServer_EndsItsProgressReady_AndAnswersOnlyWithItsToken()
    {
        using (var response = await _app.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await _app.ReadProgressAsync("alice");

        Assert.Equal([0, 20, 50, 100], events.Select(e => e.Progress));
        Assert.Equal("Spawn requested", events[0].Message);
        var ready = events[^1];
        Assert.True(ready.Ready);
        Assert.Equal($"/user/alice/", ready.Url!.AbsolutePath);
        Assert.Equal("127.0.0.1", ready.Url.Host);

        var status = (await _app.GetAsync("alice"))!;
        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(ready.Url, status.Url);
        Assert.NotNull(status.SparkUiUrl);
        Assert.NotEqual(status.Url!.Port, status.SparkUiUrl!.Port);
        Assert.Equal(HttpStatusCode.OK, await _jupyter.GetStatusAsync(status.Url, status.Token));
        Assert.Equal(HttpStatusCode.Forbidden, await _jupyter.GetStatusAsync(status.Url, null));
        Assert.Equal(HttpStatusCode.Forbidden, await _jupyter.GetStatusAsync(status.Url, "wrong-token"));
    }

    [Fact]
    public async Task AServer_RunsAsTheUser_InItsOwnSession_WithItsHomeAsRoot()
    {
        var status = await _app.StartReadyAsync(TestUsers.Alice);
        var pid = status.Pid!.Value;

        Assert.Equal(["10001", "10001", "10001", "10001"], LinuxProcesses.StatusField(pid, "Uid"));
        Assert.Equal(["10001", "10001", "10001", "10001"], LinuxProcesses.StatusField(pid, "Gid"));
        Assert.Equal(["10001", "20000"], LinuxProcesses.StatusField(pid, "Groups").Order());
        Assert.Equal(pid, LinuxProcesses.SessionOf(pid));

        var home = new DirectoryInfo(_state.Home("alice"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, home.UnixFileMode);

        await _jupyter.PutFileAsync(status.Url!, status.Token!, "hello.txt", "hello from alice");
        var file = Path.Combine(home.FullName, "hello.txt");
        Assert.Equal("hello from alice", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(["10001", "10001"], OwnerOf(file));
        Assert.Equal(["10001", "10001"], OwnerOf(home.FullName));
    }

    [Fact]
    public async Task AServersEnvironment_CarriesTheIdentity_AndNothingOfTheSpawners()
    {
        var status = await _app.StartReadyAsync(TestUsers.Alice);

        var environment = LinuxProcesses.Environment(status.Pid!.Value);

        Assert.Equal("10001", environment["EXTERNAL_UID"]);
        Assert.Equal("alice:10001,data:20000", environment["EXTERNAL_GROUPS"]);
        Assert.Equal("alice", environment["JUPYTERHUB_USER"]);
        Assert.Equal("/user/alice/", environment["JUPYTERHUB_SERVICE_PREFIX"]);
        Assert.Equal(_state.Home("alice"), environment["HOME"]);
        Assert.Equal("/usr/bin:/bin", environment["PATH"]);
        Assert.StartsWith(_state.Home("alice") + "/", environment["JUPYTER_RUNTIME_DIR"]);
        Assert.Equal(status.SparkUiUrl!.Port.ToString(), environment["SPARK_UI_PORT"]);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Lakehouse", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_", StringComparison.Ordinal));
        // The token is in the environment (private to the user), never on the command line (readable by everyone).
        var commandLine = await File.ReadAllTextAsync($"/proc/{status.Pid}/cmdline", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(status.Token!, commandLine);
    }

    [Fact]
    public async Task RequestEnvironmentEntries_ReachTheServer()
    {
        using (var response = await _app.StartAsync(TestUsers.Alice, new Dictionary<string, string> { ["SPARK_MASTER"] = "spark://spark:7077" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.True((await _app.ReadProgressAsync("alice"))[^1].Ready);
        var status = (await _app.GetAsync("alice"))!;
        Assert.Equal("spark://spark:7077", LinuxProcesses.Environment(status.Pid!.Value)["SPARK_MASTER"]);
    }

    [Fact]
    public async Task AnUppercaseName_IsNormalized()
    {
        using var response = await _app.StartAsync(TestUsers.Alice with { Name = "Alice" }, urlName: "ALICE");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True((await _app.ReadProgressAsync("alice"))[^1].Ready);
        Assert.Equal(["alice"], (await _app.ListAsync()).Select(s => s.Name));
        Assert.True(Directory.Exists(_state.Home("alice")));
    }

    [Fact]
    public async Task StartingARunningServer_Answers200WithItsStatus()
    {
        var running = await _app.StartReadyAsync(TestUsers.Alice);

        using var again = await _app.StartAsync(TestUsers.Alice);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var status = await again.Content.ReadFromJsonAsync<ServerStatus>(ContractJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(running.Pid, status!.Pid);
        Assert.Equal(ServerState.Running, status.State);
    }

    [Fact]
    public async Task Stopping_EndsTheServerAndItsKernels_AndForgetsItsRecord()
    {
        var status = await _app.StartReadyAsync(TestUsers.Alice);
        var pid = status.Pid!.Value;
        await _jupyter.StartKernelAsync(status.Url!, status.Token!);
        var kernels = new List<int>();
        await Poll.UntilAsync(() => (kernels = LinuxProcesses.ChildrenOf(pid).ToList()).Count > 0, "the kernel process");
        Assert.True(File.Exists(_state.Record("alice")));

        using (var stop = await _app.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        await Poll.UntilAsync(async () => (await _app.GetAsync("alice"))!.State == ServerState.Stopped, "the server to be stopped");
        Assert.True(LinuxProcesses.IsGone(pid), "The server process still runs.");
        Assert.All(kernels, kernel => Assert.True(LinuxProcesses.IsGone(kernel), $"Kernel process {kernel} still runs."));
        Assert.False(File.Exists(_state.Record("alice")));
        Assert.True(Directory.Exists(_state.Home("alice")), "Stopping must never remove the home.");
        Assert.True(File.Exists(_state.ServerLog("alice")));

        using var again = await _app.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task AHomeThatExists_IsKeptWithItsFiles()
    {
        var first = await _app.StartReadyAsync(TestUsers.Alice);
        await _jupyter.PutFileAsync(first.Url!, first.Token!, "notes.txt", "keep me");
        using (await _app.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
        {
        }

        await Poll.UntilAsync(async () => (await _app.GetAsync("alice"))!.State == ServerState.Stopped, "the server to be stopped");

        var second = await _app.StartReadyAsync(TestUsers.Alice);

        Assert.NotEqual(first.Pid, second.Pid);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(_state.Home("alice"), "notes.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AServerKilledWithSigkill_IsReportedFailed_AndItsKernelsAreRemoved()
    {
        var status = await _app.StartReadyAsync(TestUsers.Alice);
        var pid = status.Pid!.Value;
        await _jupyter.StartKernelAsync(status.Url!, status.Token!);
        var kernels = new List<int>();
        await Poll.UntilAsync(() => (kernels = LinuxProcesses.ChildrenOf(pid).ToList()).Count > 0, "the kernel process");

        LinuxProcesses.Kill(pid);

        await Poll.UntilAsync(async () => (await _app.GetAsync("alice"))!.State == ServerState.Failed, "the dead server to be reported", TimeSpan.FromSeconds(30));
        var failed = (await _app.GetAsync("alice"))!;
        Assert.Contains("signal 9", failed.Message);
        Assert.Null(failed.Url);
        Assert.False(File.Exists(_state.Record("alice")));
        var progress = Assert.Single(await _app.ReadProgressAsync("alice"));
        Assert.True(progress.Failed);
        Assert.Equal(failed.Message, progress.Message);
        await Poll.UntilAsync(() => kernels.All(LinuxProcesses.IsGone), "the orphaned kernels to be killed", TimeSpan.FromSeconds(30));
    }

    private static string[] OwnerOf(string path)
    {
        // stat(1) rather than P/Invoke: the tests only need to read it.
        var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/stat", ["-c", "%u %g", path])
        {
            RedirectStandardOutput = true,
        })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return output.Trim().Split(' ');
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _jupyter.Dispose();
        _state.Dispose();
    }
}
