namespace Lakehouse.Spawner.Backends.Local;

/// <summary>One line of <c>/proc/PID/stat</c>, the fields the backend uses.</summary>
internal readonly record struct ProcessInfo(int Pid, char State, int ParentPid, int ProcessGroup, int Session, long StartTime)
{
    /// <summary>Zombies (Z) and dying tasks (X) count as dead: they run nothing any more.</summary>
    public bool IsDead => State is 'Z' or 'X';

    /// <summary>Reads <c>/proc/PID/stat</c>; null when there is no such process.</summary>
    public static ProcessInfo? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        return Parse(pid, text);
    }

    /// <summary>
    /// The command name (field 2) is in parentheses and may itself hold spaces and ')': the fields after it start
    /// after the last ')'.
    /// </summary>
    internal static ProcessInfo? Parse(int pid, string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        if (fields.Length < 20 || fields[0].Length != 1)
        {
            return null;
        }

        return new ProcessInfo(pid, fields[0][0], int.Parse(fields[1]), int.Parse(fields[2]), int.Parse(fields[3]), long.Parse(fields[19]));
    }
}
