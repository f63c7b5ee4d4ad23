using System.Diagnostics;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// A resource's process, started through <c>setsid</c> so that it leads its own session and process group:
/// stopping the resource signals that group, and only that group.
/// </summary>
internal sealed class ResourceProcess(Process process, LaunchedProcesses launched) : IDisposable
{
    public int Pid { get; } = process.Id;

    /// <summary>setsid execs the program in place, so the pid is the group id.</summary>
    public int ProcessGroup => Pid;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code; 128 + signal number when a signal ended it, as a shell reports it.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>SIGTERM to the group, then SIGKILL after the grace period; returns once the leader has exited.</summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        await Orchestration.ProcessGroup.TerminateAsync(ProcessGroup, grace, timeProvider);
        if (!process.HasExited)
        {
            // The leader may have left its group (setpgid); it is still ours to stop.
            LibC.Signal(Pid, LibC.SigKill);
        }

        await process.WaitForExitAsync();
    }

    public void Dispose()
    {
        launched.Remove(Pid);
        process.Dispose();
    }
}
