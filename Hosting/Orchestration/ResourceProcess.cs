using System.Diagnostics;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// A resource's process, started through <c>setsid</c> so that it leads its own session and process group:
/// stopping the resource signals that group, and only that group.
/// </summary>
internal sealed class ResourceProcess : IDisposable
{
    private readonly Process _process;
    private readonly LaunchedProcesses _launched;
    private readonly Task<int> _exit;

    public ResourceProcess(Process process, LaunchedProcesses launched)
    {
        _process = process;
        _launched = launched;
        Pid = process.Id;
        _exit = WaitForExitCodeAsync(process);
    }

    public int Pid { get; }

    /// <summary>setsid execs the program in place, so the pid is the group id.</summary>
    public int ProcessGroup => Pid;

    public bool HasExited => _exit.IsCompleted;

    /// <summary>The exit code; 128 + signal number when a signal ended it, as a shell reports it.</summary>
    public Task<int> WaitForExitAsync() => _exit;

    /// <summary>SIGTERM to the group, then SIGKILL after the grace period; returns once the leader has exited.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        await Orchestration.ProcessGroup.TerminateAsync(ProcessGroup, grace, timeProvider);
        if (!HasExited)
        {
            // The leader may have left its group (setpgid); it is still ours to stop.
            LibC.Signal(Pid, LibC.SigKill);
        }

        await _exit;
    }

    public void Dispose()
    {
        _launched.Remove(Pid);
        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
