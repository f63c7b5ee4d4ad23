using System.Globalization;
using System.Runtime.InteropServices;

namespace Lakehouse.Benchmarks;

/// <summary>Reads a process tree's memory from /proc, and signals processes.</summary>
internal static partial class ProcessTree
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>The process and all its descendants.</summary>
    public static IReadOnlyList<int> WithDescendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || ParentOf(pid) is not { } parent)
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            if (children.TryGetValue(result[i], out var list))
            {
                result.AddRange(list);
            }
        }

        return result;
    }

    /// <summary>Resident memory in bytes (VmRSS), 0 when the process is gone.</summary>
    public static long ResidentBytes(int pid) => ReadKilobytes($"/proc/{pid}/status", "VmRSS:") * 1024;

    public static long TreeResidentBytes(int root) => WithDescendants(root).Sum(ResidentBytes);

    /// <summary>
    /// Proportional set size in bytes (Pss of smaps_rollup): resident pages, each shared page divided among the
    /// processes that map it. 0 when the process is gone.
    /// </summary>
    public static long ProportionalBytes(int pid) => ReadKilobytes($"/proc/{pid}/smaps_rollup", "Pss:") * 1024;

    /// <summary>The first of <paramref name="root"/> and its descendants whose command line contains <paramref name="text"/>.</summary>
    public static int? FindInTree(int root, string text) =>
        WithDescendants(root).Cast<int?>().FirstOrDefault(pid => CommandLineContains(pid!.Value, text));

    /// <summary>Whether the process's command line contains <paramref name="text"/>; false when it is gone.</summary>
    public static bool CommandLineContains(int pid, string text) => CommandLine(pid).Contains(text, StringComparison.Ordinal);

    /// <summary>
    /// A short name for a process: a .NET service's assembly name, whether it runs as <c>dotnet X.dll</c> or compiled
    /// ahead of time as <c>X</c>; otherwise its program's file name.
    /// </summary>
    public static string Label(int pid)
    {
        var words = CommandLine(pid).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var assembly = words.FirstOrDefault(w => w.EndsWith(".dll", StringComparison.Ordinal));
        return assembly is not null ? Path.GetFileNameWithoutExtension(assembly) : Path.GetFileName(words.FirstOrDefault() ?? "gone");
    }

    /// <summary>The value of a <c>Key:   N kB</c> line of a /proc file; 0 when the file or the line is missing.</summary>
    private static long ReadKilobytes(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>CPU time the process has used so far (user + system), 0 when it is gone.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of stat(5), counted from the state field (3) here.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>sysconf(_SC_CLK_TCK): 100 on every Linux this runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    public static void Signal(int pid, int signal) => _ = kill(pid, signal);

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces; fields after it are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
