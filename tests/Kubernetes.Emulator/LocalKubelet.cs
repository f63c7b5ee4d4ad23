using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator;

/// <summary>
/// Plays the kubelet for the emulator: every new pod in <paramref name="ns"/> is scheduled (Scheduled, Pulled,
/// Started events), its container's command runs as a local process with the pod's environment (HOME in a folder
/// under <paramref name="workRoot"/>, listening on loopback instead of every interface), and the pod turns Running at
/// 127.0.0.1. A pod being deleted has its process stopped; a process that ends fails (or completes) its pod. With
/// <paramref name="runContainers"/> false, pods only turn Running, for tests that need no server behind them.
/// </summary>
public sealed class LocalKubelet : IAsyncDisposable
{
    private readonly KubernetesApiEmulator _emulator;
    private readonly string _ns;
    private readonly string _workRoot;
    private readonly bool _runContainers;
    private readonly Dictionary<string, (string Name, Process? Process)> _pods = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LocalKubelet(KubernetesApiEmulator emulator, string ns, string workRoot, bool runContainers = true)
    {
        (_emulator, _ns, _workRoot, _runContainers) = (emulator, ns, workRoot, runContainers);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Pods (by name) this kubelet should leave alone, to let a test drive their status itself.</summary>
    public HashSet<string> Ignored { get; } = [];

    /// <summary>A free loopback port for the pods' server (they all share 127.0.0.1 here).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var (_, process) in _pods.Values)
        {
            Kill(process);
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Step();
            }
            catch (Store.ApiError)
            {
                // A pod deleted between the list and the status update: the next round sees it gone.
            }

            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Step()
    {
        var pods = _emulator.List("pods", _ns).ToDictionary(p => p["metadata"]!["uid"]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var (uid, (name, process)) in _pods.ToList())
        {
            if (!pods.TryGetValue(uid, out var pod) || pod["metadata"]!["deletionTimestamp"] is not null)
            {
                Kill(process);
                _pods.Remove(uid);
            }
            else if (process is { HasExited: true })
            {
                _emulator.SetPodTerminated(_ns, name, process.ExitCode, process.ExitCode == 0 ? "Completed" : "Error");
                process.Dispose();
                _pods[uid] = (name, null);
            }
        }

        foreach (var (uid, pod) in pods)
        {
            var name = pod["metadata"]!["name"]!.GetValue<string>();
            if (_pods.ContainsKey(uid) || Ignored.Contains(name) || pod["metadata"]!["deletionTimestamp"] is not null)
            {
                continue;
            }

            _emulator.EmitPodEvent(_ns, name, "Scheduled", $"Successfully assigned {_ns}/{name} to local-node");
            _emulator.EmitPodEvent(_ns, name, "Pulled", "Container image already present on machine");
            // A container without a command would run its image's default, which does not exist here.
            var process = _runContainers && pod["spec"]!["containers"]![0]!["command"] is JsonArray { Count: > 0 } ? Run(pod, name) : null;
            _emulator.EmitPodEvent(_ns, name, "Started", "Started container");
            _pods[uid] = (name, process);
            _emulator.SetPodRunning(_ns, name, "127.0.0.1");
        }
    }

    private Process Run(JsonObject pod, string name)
    {
        var container = pod["spec"]!["containers"]![0]!;
        var command = (container["command"] as JsonArray ?? []).Select(a => a!.GetValue<string>())
            .Select(a => a == "--ip=0.0.0.0" ? "--ip=127.0.0.1" : a).ToList();
        var home = Path.Combine(_workRoot, "kubelet", name);
        Directory.CreateDirectory(home);
        var start = new ProcessStartInfo(command[0] == "jupyter" ? "/usr/bin/jupyter" : command[0])
        {
            WorkingDirectory = home,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            // The pod would run as its user; here the test runs as root, which Jupyter refuses without this.
            start.ArgumentList.Add("--allow-root");
        }

        start.Environment.Clear();
        foreach (var entry in container["env"] as JsonArray ?? [])
        {
            start.Environment[entry!["name"]!.GetValue<string>()] = entry["value"]?.GetValue<string>() ?? "";
        }

        start.Environment["HOME"] = home;
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(home, ".runtime");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
