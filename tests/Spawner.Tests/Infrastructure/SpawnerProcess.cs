using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>
/// The spawner as a real process, leading a process group of its own (as under a terminal or a supervisor), so
/// that signals can be sent to the group the way Ctrl-C or a stop would. Its group is killed on dispose.
/// </summary>
internal sealed class SpawnerProcess : IDisposable
{
    private readonly Process _process;

    private SpawnerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Hub = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Hub.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SpawnerApp.HubToken);
    }

    public Uri Address { get; }

    public HttpClient Hub { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<SpawnerProcess> StartAsync(StateFolder state)
    {
        var address = new Uri($"http://127.0.0.1:{Lakehouse.Testing.LoopbackService.FreePort()}/");
        var startInfo = Lakehouse.Testing.LoopbackService.StartInfo(typeof(SpawnerProcess).Assembly, "SpawnerAssemblyPath", address);
        startInfo.Environment["Lakehouse__StateDirectory"] = state.Path;
        startInfo.Environment["Lakehouse__ServiceTokens__Hub"] = SpawnerApp.HubToken;
        startInfo.Environment["Lakehouse__ServiceTokens__RouteController"] = SpawnerApp.RouteControllerToken;
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var spawner = new SpawnerProcess(process, address);
        try
        {
            await Poll.UntilAsync(async () => process.HasExited || await Lakehouse.Testing.LoopbackService.IsHealthyAsync(spawner.Hub, TestContext.Current.CancellationToken), "the spawner process to answer");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The spawner exited with code {process.ExitCode} before it answered.");
            }

            return spawner;
        }
        catch
        {
            spawner.Dispose();
            throw;
        }
    }

    /// <summary>Sends a signal to the spawner's whole process group, as a terminal or a supervisor would.</summary>
    public void SignalGroup(string signal)
    {
        // Ctrl+C cannot reach a spawner that inherited SIGINT as ignored (a CI run in a background job); SIGTERM
        // is the same orderly stop.
        if (signal == "INT" && Lakehouse.Testing.ProcessSignals.Ignores(Pid, Lakehouse.Testing.ProcessSignals.SigInt))
        {
            signal = "TERM";
        }

        using var kill = Process.Start("/bin/kill", [$"-{signal}", "--", $"-{Pid}"])!;
        kill.WaitForExit();
    }

    public async Task WaitForExitAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        Hub.Dispose();
        if (!_process.HasExited)
        {
            SignalGroup("KILL");
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
