using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Lakehouse.FileServer.Native;

/// <summary>
/// The POSIX calls that make home access safe and that .NET has no API for: opening relative to a folder without
/// following symbolic links (openat with O_NOFOLLOW), renaming without replacing (renameat2), owners (fchown, lchown)
/// and numeric owners and modes (statx).
/// </summary>
internal static partial class LibC
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint RenameNoReplace = 1;

    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ELOOP = 40;
    public const int ENOTEMPTY = 39;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    // The two flags whose values differ between x86-64 and the generic layout of arm64.
    public static readonly int ODirectory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    public const ushort SIfMt = 0xF000;
    public const ushort SIfDir = 0x4000;
    public const ushort SIfReg = 0x8000;
    public const ushort SIfLnk = 0xA000;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(SafeHandle directory, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directory, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeHandle directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(SafeHandle oldDirectory, string oldPath, SafeHandle newDirectory, string newPath);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int FChown(SafeHandle file, uint owner, uint group);

    // lchown, not chown: a symbolic link must never hand its target to a user.
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    // statx rather than stat: its buffer has the same layout on every architecture.
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(SafeHandle directory, string path, int flags, uint mask, Span<byte> buffer);

    private const uint StatxBasicStats = 0x7FF;

    /// <summary>lstat of a path: null when it does not exist.</summary>
    public static FileStatus? LStat(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        return StatX(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0 ? FileStatus.From(buffer) : NullOrThrow(path);
    }

    /// <summary>The status of what an open handle refers to.</summary>
    public static FileStatus FStat(SafeHandle handle)
    {
        Span<byte> buffer = stackalloc byte[256];
        return StatX(handle, string.Empty, AtEmptyPath, StatxBasicStats, buffer) == 0
            ? FileStatus.From(buffer)
            : throw Error("stat of an open file");
    }

    /// <summary>Opens a path relative to a folder handle; the handle owns the descriptor.</summary>
    public static SafeFileHandle OpenAtHandle(SafeHandle directory, string name, int flags, uint mode = 0)
    {
        var fd = OpenAt(directory, name, flags | OCloExec, mode);
        return fd < 0 ? throw Error($"open '{name}'") : new SafeFileHandle(fd, ownsHandle: true);
    }

    public static SafeFileHandle OpenHandle(string path, int flags)
    {
        var fd = OpenAt(AtFdCwd, path, flags | OCloExec, 0);
        return fd < 0 ? throw Error($"open '{path}'") : new SafeFileHandle(fd, ownsHandle: true);
    }

    public static NativeIOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new NativeIOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    private static FileStatus? NullOrThrow(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR ? null : throw new NativeIOException($"stat '{path}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}
