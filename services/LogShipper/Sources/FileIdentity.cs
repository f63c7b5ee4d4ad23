using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Lakehouse.LogShipper.Sources;

/// <summary>
/// A file's device and inode: what stays the same when a log is renamed by rotation, and changes when a new file
/// takes its name. .NET has no API for it, so it comes from stat(2); both fields lead <c>struct stat</c> on the
/// 64-bit Linux ABIs (x86-64 and arm64).
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    private const int StatBufferSize = 256;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Device}:{Inode}");

    public static FileIdentity? Of(string path)
    {
        var buffer = new byte[StatBufferSize];
        return Stat(path, buffer) == 0 ? FromBuffer(buffer) : null;
    }

    public static FileIdentity Of(SafeFileHandle handle)
    {
        var buffer = new byte[StatBufferSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (FStat((int)handle.DangerousGetHandle(), buffer) != 0)
            {
                throw new IOException($"fstat failed: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return FromBuffer(buffer);
    }

    private static FileIdentity FromBuffer(byte[] buffer) =>
        new(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static extern int FStat(int fd, byte[] buffer);
}
