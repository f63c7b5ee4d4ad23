using System.Buffers.Text;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>One line of <c>/proc/PID/stat</c>, the fields the backend uses.</summary>
internal readonly record struct ProcessInfo(int Pid, char State, int ParentPid, int ProcessGroup, int Session, long StartTime)
{
    // The line holds a command name of at most 64 bytes and 50 numbers of at most 20 digits each.
    private const int MaxStatLength = 2048;

    /// <summary>Zombies (Z) and dying tasks (X) count as dead: they run nothing any more.</summary>
    public bool IsDead => State is 'Z' or 'X';

    /// <summary>
    /// Reads <c>/proc/PID/stat</c>; null when there is no such process. The line is read into the stack and parsed as
    /// bytes: the spawner reads every process's line each second while servers run, and a string and its split
    /// fields for each were most of what it allocated then, enough to keep its heap from ever counting as quiet.
    /// </summary>
    public static ProcessInfo? Read(int pid)
    {
        Span<byte> stat = stackalloc byte[MaxStatLength];
        int length;
        try
        {
            using var handle = File.OpenHandle($"/proc/{pid}/stat");
            length = RandomAccess.Read(handle, stat, fileOffset: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(pid, stat[..length]);
    }

    /// <summary>
    /// The command name (field 2) is in parentheses and may itself hold spaces and ')': the fields after it start
    /// after the last ')'.
    /// </summary>
    internal static ProcessInfo? Parse(int pid, ReadOnlySpan<byte> stat)
    {
        var end = stat.LastIndexOf((byte)')');
        if (end < 0)
        {
            return null;
        }

        // Fields 3 (state), 4 (ppid), 5 (pgrp), 6 (session) and 22 (starttime), counting the pid as field 1.
        var rest = stat[(end + 1)..].TrimEnd((byte)'\n');
        var state = '\0';
        int parent = 0, group = 0, session = 0;
        for (var field = 3; field <= 22; field++)
        {
            rest = rest.TrimStart((byte)' ');
            var length = rest.IndexOf((byte)' ');
            var value = length < 0 ? rest : rest[..length];
            rest = length < 0 ? default : rest[length..];
            switch (field)
            {
                case 3 when value.Length == 1:
                    state = (char)value[0];
                    break;
                case 4 when TryParseWhole(value, out parent):
                case 5 when TryParseWhole(value, out group):
                case 6 when TryParseWhole(value, out session):
                case > 6 and < 22 when !value.IsEmpty:
                    break;
                case 22 when Utf8Parser.TryParse(value, out long startTime, out var used) && used == value.Length:
                    return new ProcessInfo(pid, state, parent, group, session, startTime);
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool TryParseWhole(ReadOnlySpan<byte> value, out int number) =>
        Utf8Parser.TryParse(value, out number, out var used) && used == value.Length;
}
