using System.Globalization;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>One line of <c>/proc/{pid}/stat</c>: enough to follow parents, groups and sessions.</summary>
internal sealed record ProcessInfo(int Pid, int ParentPid, int ProcessGroup, int Session, char State, ulong StartTime)
{
    public bool IsZombie => State is 'Z' or 'X';
}

/// <summary>Reads the process table from <c>/proc</c>.</summary>
internal static class ProcessTree
{
    public static ProcessInfo? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IReadOnlyList<ProcessInfo> Snapshot()
    {
        var processes = new List<ProcessInfo>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } info)
            {
                processes.Add(info);
            }
        }

        return processes;
    }

    /// <summary>Every process below <paramref name="root"/>, following parent links.</summary>
    public static IReadOnlyList<ProcessInfo> Descendants(IReadOnlyList<ProcessInfo> snapshot, int root)
    {
        var children = snapshot.ToLookup(p => p.ParentPid);
        var result = new List<ProcessInfo>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                result.Add(child);
                pending.Enqueue(child.Pid);
            }
        }

        return result;
    }

    /// <summary>Whether the same process (same pid and start time) is still running, not just a zombie.</summary>
    public static bool IsAlive(ProcessInfo process) =>
        Read(process.Pid) is { IsZombie: false } now && now.StartTime == process.StartTime;

    /// <summary>Whether the group still has a live member; zombies do not count.</summary>
    public static bool GroupHasLiveMembers(int processGroup) =>
        Snapshot().Any(p => p.ProcessGroup == processGroup && !p.IsZombie);

    /// <summary>The value of a variable in the process's initial environment, or null.</summary>
    public static string? EnvironmentValue(int pid, string name)
    {
        try
        {
            var prefix = name + "=";
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0')
                .FirstOrDefault(entry => entry.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static ProcessInfo? Parse(string stat)
    {
        // The command name is in parentheses and may itself hold spaces or parentheses: split after the last ')'.
        var open = stat.IndexOf(' ', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        if (open <= 0 || close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20)
        {
            return null;
        }

        return new ProcessInfo(
            int.Parse(stat[..open], CultureInfo.InvariantCulture),
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            int.Parse(fields[3], CultureInfo.InvariantCulture),
            fields[0][0],
            ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
