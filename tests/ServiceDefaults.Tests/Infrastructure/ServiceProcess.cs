using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Lakehouse.ServiceDefaults.Tests.Infrastructure;

/// <summary>A built service run with <c>dotnet</c> as a real process; its stdout lines are collected. Killed on dispose.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process) => _process = process;

    public IReadOnlyList<string> Lines => _lines.ToList();

    public static string FileServerAssemblyPath =>
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FileServerAssemblyPath").Value
        ?? throw new InvalidOperationException("The FileServer assembly path was not recorded at build time.");

    public static ServiceProcess Start(string assemblyPath, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo(DotnetHost, [assemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Settings inherited from wherever the tests run must not decide the outcome.
        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("OTEL_", StringComparison.Ordinal) || key.StartsWith("KUBERNETES_", StringComparison.Ordinal)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            {
                startInfo.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                service._lines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The dotnet host the tests themselves run under, when the CLI says so.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public async Task WaitForLineAsync(Func<string, bool> predicate, string what)
    {
        await Poll.UntilAsync(() => _lines.Any(predicate) || _process.HasExited, what);
        if (!_lines.Any(predicate))
        {
            throw new InvalidOperationException(
                $"The process exited with code {_process.ExitCode} before {what}. Output:\n{string.Join('\n', _lines)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }
}
