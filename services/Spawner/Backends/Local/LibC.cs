using System.Runtime.InteropServices;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>The few POSIX calls .NET has no API for: sending a signal, changing a file's owner.</summary>
internal static partial class LibC
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    // lchown, not chown: a symbolic link planted where a home should be must not hand its target to the user.
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LChown(string path, uint owner, uint group);
}
