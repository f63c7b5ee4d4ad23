using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Infrastructure;

/// <summary>
/// The fileserver as a real process on a free loopback port, on a test's state folder (homes in <c>{state}/homes</c>).
/// It leads its own process group, killed on dispose; it can be stopped and started again on the same port. Shared
/// with Hub.Tests, whose hub presents its own token (<c>hubToken</c>).
/// </summary>
internal sealed class FileServerProcess : IAsyncDisposable
{
    public const string HubToken = "hub-service-token-for-the-fileserver-tests";
    public const string SpawnerToken = "spawner-service-token-for-the-fileserver-tests";

    private readonly StateFolder _state;
    private readonly string _hubToken;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public FileServerProcess(StateFolder state, IReadOnlyDictionary<string, string>? settings = null, string hubToken = HubToken)
    {
        _state = state;
        _hubToken = hubToken;
        _settings = settings ?? new Dictionary<string, string>();
        Address = new Uri($"http://127.0.0.1:{Lakehouse.Testing.LoopbackService.FreePort()}/");
        Hub = CreateClient(hubToken);
        Spawner = CreateClient(SpawnerToken);
        HubFiles = new FileServerClient(Hub);
    }

    public Uri Address { get; }

    /// <summary>With the hub's token: may do everything.</summary>
    public HttpClient Hub { get; }

    /// <summary>With the spawner's token: may ensure and read homes.</summary>
    public HttpClient Spawner { get; }

    public FileServerClient HubFiles { get; }

    public string HomesRoot => Path.Combine(_state.Path, "homes");

    public string Home(string name) => Path.Combine(HomesRoot, name);

    /// <summary>What the process printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<FileServerProcess> StartAsync(
        StateFolder state, IReadOnlyDictionary<string, string>? settings = null, string hubToken = HubToken)
    {
        var fileServer = new FileServerProcess(state, settings, hubToken);
        try
        {
            await fileServer.StartAsync();
            return fileServer;
        }
        catch
        {
            await fileServer.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task StartAsync()
    {
        var startInfo = Lakehouse.Testing.LoopbackService.StartInfo(typeof(FileServerProcess).Assembly, "FileServerAssemblyPath", Address);
        startInfo.Environment["Lakehouse__StateDirectory"] = _state.Path;
        startInfo.Environment["Lakehouse__ServiceTokens__Hub"] = _hubToken;
        startInfo.Environment["Lakehouse__ServiceTokens__Spawner"] = SpawnerToken;
        // Every read before a spawn measures again: the tests write and then start at once.
        startInfo.Environment["FileServer__UsageMaxAge"] = "00:00:00";
        foreach (var (key, value) in _settings)
        {
            startInfo.Environment[key] = value;
        }

        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, e) => _output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => _output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!process.HasExited && !await Lakehouse.Testing.LoopbackService.IsHealthyAsync(Hub, TestContext.Current.CancellationToken) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        if (process.HasExited || DateTime.UtcNow >= deadline)
        {
            throw new InvalidOperationException($"The fileserver did not answer:\n{Output}");
        }
    }

    /// <summary>Kills the fileserver's process group, as a crash or a node loss would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var kill = Process.Start("/bin/kill", ["-KILL", "--", $"-{process.Id}"])!)
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task<HttpResponseMessage> EnsureAsync(string name, int uid, int gid, HttpClient? client = null) =>
        await (client ?? Spawner).PutAsync(
            $"/api/homes/{name}",
            JsonContent(new EnsureHomeRequest(uid, gid)),
            TestContext.Current.CancellationToken);

    public static HttpContent JsonContent<T>(T value) =>
        System.Net.Http.Json.JsonContent.Create(value, options: ContractJson.Options);

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Hub.Dispose();
        Spawner.Dispose();
    }
}
