namespace Lakehouse.FileServer.Native;

/// <summary>A failed system call, with its errno.</summary>
internal sealed class NativeIOException(string message, int errno) : IOException(message)
{
    public int Errno { get; } = errno;
}
