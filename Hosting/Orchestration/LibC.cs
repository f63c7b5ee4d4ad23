using System.Runtime.InteropServices;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>The few Linux calls process supervision needs that .NET does not expose.</summary>
internal static class LibC
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int PrSetChildSubreaper = 36;
    private const int WNoHang = 1;

    /// <summary>Sends a signal to every process of a process group.</summary>
    public static bool SignalGroup(int processGroup, int signal) => Kill(-processGroup, signal) == 0;

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Orphaned descendants are re-parented to this process instead of init, so they can be found and stopped.</summary>
    public static bool TrySetChildSubreaper() => Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    /// <summary>Collects one exited child without blocking; true when it was reaped.</summary>
    public static bool TryReap(int pid) => WaitPid(pid, out _, WNoHang) == pid;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static extern int WaitPid(int pid, out int status, int options);
}
