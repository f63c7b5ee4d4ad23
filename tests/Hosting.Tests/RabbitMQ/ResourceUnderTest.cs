using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hosting.Tests.RabbitMQ;

/// <summary>
/// Runs one executable resource the way the orchestrator does: allocates its endpoints on loopback, runs its
/// BeforeStart callbacks, resolves its command, arguments and environment, and starts it as a child process.
/// Disposing kills whatever is left of it, found by an environment variable every descendant inherits.
/// </summary>
public sealed class ResourceUnderTest : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly string _markerVariable;
    private readonly ConcurrentQueue<string> _output = new();

    private ResourceUnderTest(Process process, string markerVariable)
    {
        _process = process;
        _markerVariable = markerVariable;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <param name="markerVariable">An environment entry (<c>NAME=value</c>) of the resource unique to this run.</param>
    public static async Task<ResourceUnderTest> StartAsync(
        ExecutableResource resource, DistributedApplicationExecutionContext executionContext, Func<IReadOnlyDictionary<string, string>, string> markerVariable, CancellationToken cancellationToken)
    {
        AllocateEndpoints(resource);
        await RunBeforeStartAsync(resource, executionContext, cancellationToken);
        var environment = await ResolveEnvironmentAsync(resource, executionContext, cancellationToken);

        var startInfo = new ProcessStartInfo(resource.Command)
        {
            WorkingDirectory = resource.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in await ResourceEnvironment.GetArgumentsAsync(resource, executionContext, cancellationToken))
        {
            startInfo.ArgumentList.Add(await ResourceEnvironment.ResolveValueAsync(argument, cancellationToken));
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var started = new ResourceUnderTest(process, markerVariable(environment));
        process.OutputDataReceived += (_, e) => started.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => started.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public static async Task<IReadOnlyDictionary<string, string>> ResolveEnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in await ResourceEnvironment.GetEnvironmentAsync(resource, executionContext, cancellationToken))
        {
            resolved[name] = await ResourceEnvironment.ResolveValueAsync(value, cancellationToken);
        }

        return resolved;
    }

    public static void AllocateEndpoints(IResource resource)
    {
        foreach (var endpoint in resource.GetEndpoints().Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", endpoint.Port ?? FreeLoopbackPort(), endpoint.UriScheme);
        }
    }

    public static async Task RunBeforeStartAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        foreach (var annotation in resource.Annotations.OfType<BeforeStartAnnotation>())
        {
            await annotation.Callback(new BeforeStartContext(resource, executionContext, services, cancellationToken));
        }
    }

    /// <summary>The resource's process and every descendant, even one that detached: all inherit the marker variable.</summary>
    public IReadOnlyList<(int Pid, int ParentPid, string Command)> FindProcessTree()
    {
        var found = new List<(int, int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")).Split('\0');
                if (!environment.Contains(_markerVariable, StringComparer.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the parenthesised command name: state, ppid, ...
                var parentPid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                var command = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                if (command.Length > 0)
                {
                    found.Add((pid, parentPid, command));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return found;
    }

    /// <summary>Sends SIGTERM to the resource's own process only, as a stop does, and waits for it to exit.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (pid, _, _) in FindProcessTree())
        {
            try
            {
                using var leftover = Process.GetProcessById(pid);
                leftover.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
