namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>What the tests read of processes from <c>/proc</c> (the tests run as root, so they may read it all).</summary>
internal static class LinuxProcesses
{
    /// <summary>Gone, or a zombie (which runs nothing any more).</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    public static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3]);
    }

    /// <summary>A line of <c>/proc/PID/status</c>, e.g. <c>Uid</c> → the four uids.</summary>
    public static string[] StatusField(int pid, string field) =>
        File.ReadAllLines($"/proc/{pid}/status")
            .Single(line => line.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..]
            .Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);

    public static IReadOnlyDictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");

    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => int.Parse(name!));

    public static IReadOnlyList<int> ChildrenOf(int pid) =>
        All().Where(p =>
        {
            try
            {
                return ParentOf(p) == pid && !IsGone(p);
            }
            catch (IOException)
            {
                return false;
            }
        }).ToList();

    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
