using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// Runs one executable resource as the orchestrator would: allocates its endpoints on loopback (once), runs its
/// BeforeStart callbacks, resolves its command and arguments, starts it, and waits until its health checks pass.
/// Disposing kills it if it still runs, whatever the test's outcome.
/// </summary>
internal sealed class ResourceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ResourceProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>stdout and stderr, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public static async Task<ResourceProcess> StartAsync(
        ExecutableResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        AllocateEndpoints(resource);
        await RunBeforeStartAsync(resource, executionContext, cancellationToken);

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

        var process = new Process { StartInfo = startInfo };
        var started = new ResourceProcess(process);
        process.OutputDataReceived += (_, e) => started.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => started.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(
                async () => process.HasExited
                    ? throw new InvalidOperationException($"{resource.Name} exited with {process.ExitCode}:\n{started.Output}")
                    : await IsHealthyAsync(resource, cancellationToken),
                HealthyTimeout,
                $"{resource.Name} to become healthy",
                cancellationToken);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        return started;
    }

    /// <summary>What the orchestrator's health checker does: every TCP and command check must pass.</summary>
    public static async Task<bool> IsHealthyAsync(IResource resource, CancellationToken cancellationToken)
    {
        foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            var healthy = check switch
            {
                TcpHealthCheckAnnotation tcp => await CanConnectAsync(resource.GetEndpoints().Single(e => e.Name == tcp.EndpointName), cancellationToken),
                CommandHealthCheckAnnotation command => (await Tool.RunAsync(command.Command, command.Args, cancellationToken)).ExitCode == 0,
                _ => throw new NotSupportedException(check.GetType().Name),
            };
            if (!healthy)
            {
                return false;
            }
        }

        return true;
    }

    public static async Task RunBeforeStartAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        foreach (var annotation in resource.Annotations.OfType<BeforeStartAnnotation>())
        {
            var context = new BeforeStartContext(resource, executionContext, services, cancellationToken);
            // As the orchestrator does: the resource's own folder exists before its callbacks run.
            Directory.CreateDirectory(context.DataDirectory);
            await annotation.Callback(context);
        }
    }

    /// <summary>SIGTERM, as a stop does, then waits for the exit.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static void AllocateEndpoints(IResource resource)
    {
        foreach (var endpoint in resource.GetEndpoints().Where(e => e.AllocatedEndpoint is null))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", endpoint.Port ?? FreeLoopbackPort(), endpoint.UriScheme);
        }
    }

    private static async Task<bool> CanConnectAsync(EndpointAnnotation endpoint, CancellationToken cancellationToken)
    {
        var allocated = endpoint.AllocatedEndpoint!;
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(allocated.Host, allocated.Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
