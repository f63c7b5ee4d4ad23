namespace Lakehouse.FileServer.Native;

/// <summary>The parts of <c>struct statx</c> the fileserver reads.</summary>
internal readonly record struct FileStatus(uint Uid, uint Gid, ushort Mode, long Size)
{
    public bool IsDirectory => (Mode & LibC.SIfMt) == LibC.SIfDir;

    public bool IsRegularFile => (Mode & LibC.SIfMt) == LibC.SIfReg;

    public bool IsSymbolicLink => (Mode & LibC.SIfMt) == LibC.SIfLnk;

    // Offsets in struct statx (linux/stat.h): uid 20, gid 24, mode 28, size 40.
    public static FileStatus From(ReadOnlySpan<byte> buffer) => new(
        BitConverter.ToUInt32(buffer[20..]),
        BitConverter.ToUInt32(buffer[24..]),
        BitConverter.ToUInt16(buffer[28..]),
        BitConverter.ToInt64(buffer[40..]));
}
