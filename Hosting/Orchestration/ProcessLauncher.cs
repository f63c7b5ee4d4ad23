using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Starts a process in its own session and streams its stdout and stderr line by line.</summary>
internal sealed class ProcessLauncher(LaunchedProcesses launched)
{
    private const string SetsidHint = "apt-get install -y util-linux";

    public ResourceProcess Start(LaunchSpec spec, Action<string, string> onLine)
    {
        var setsid = ExecutableLocator.Find("setsid", Environment.GetEnvironmentVariable("PATH"), spec.WorkingDirectory)
            ?? throw new ResourceStartException($"program 'setsid' was not found; install it: {SetsidHint}");
        var startInfo = new ProcessStartInfo(setsid)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The AppHost's environment is inherited (PATH, HOME ...), the resource's variables win.
        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ResourceStartException($"program '{spec.FileName}' could not be started: {e.Message}");
        }

        launched.Add(process.Id);
        // A service has no terminal: end of input at once, rather than sharing the AppHost's.
        process.StandardInput.Close();
        _ = PumpAsync(process.StandardOutput, ResourceLogBuffer.StandardOutput, onLine);
        _ = PumpAsync(process.StandardError, ResourceLogBuffer.StandardError, onLine);
        return new ResourceProcess(process, launched);
    }

    private static async Task PumpAsync(StreamReader reader, string stream, Action<string, string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(stream, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone and its pipe with it.
        }
    }
}
