namespace Lakehouse.Spawner.Backends.Local;

/// <summary>A snapshot of every process in <c>/proc</c>, to find what a server started.</summary>
internal sealed class ProcessTable
{
    private readonly Dictionary<int, ProcessInfo> _processes;
    private ILookup<int, ProcessInfo>? _childrenByParent;
    private ILookup<int, ProcessInfo>? _membersBySession;

    private ProcessTable(Dictionary<int, ProcessInfo> processes) => _processes = processes;

    public static ProcessTable Read()
    {
        var processes = new Dictionary<int, ProcessInfo>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ProcessInfo.Read(pid) is { } info)
            {
                processes[pid] = info;
            }
        }

        return new ProcessTable(processes);
    }

    public bool IsAlive(int pid, long startTime) =>
        _processes.TryGetValue(pid, out var info) && info.StartTime == startTime && !info.IsDead;

    /// <summary>
    /// What belongs to the server (<paramref name="pid"/>, started at <paramref name="startTime"/>): its session (the
    /// server leads one) and all its descendants. Descendants matter because Jupyter starts each kernel in a session
    /// of its own. Once the server is gone only its session is left to find, and only while the pid is not reused:
    /// Linux keeps a pid number taken as long as a session or group of that number has members.
    /// </summary>
    public IReadOnlyList<ProcessInfo> FamilyOf(int pid, long startTime)
    {
        var serverAlive = IsAlive(pid, startTime);
        if (_processes.TryGetValue(pid, out var holder) && holder.StartTime != startTime)
        {
            // The pid was reused: nothing of that number is the server's any more.
            return [];
        }

        // Indexed once per table: the survey asks for every running server's family.
        _membersBySession ??= _processes.Values.ToLookup(p => p.Session);
        var family = _membersBySession[pid].ToDictionary(p => p.Pid);
        if (!serverAlive)
        {
            return family.Values.ToList();
        }

        family[pid] = _processes[pid];
        var children = _childrenByParent ??= _processes.Values.ToLookup(p => p.ParentPid);
        var pending = new Queue<int>(family.Keys);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                if (family.TryAdd(child.Pid, child))
                {
                    pending.Enqueue(child.Pid);
                }
            }
        }

        return family.Values.ToList();
    }

    /// <summary>
    /// Kernels a dead server left behind: Jupyter marks each with <c>JPY_PARENT_PID</c>. Only readable environments
    /// count (root, or the same user); this backs up what the periodic look at the server's descendants remembered.
    /// </summary>
    public IReadOnlyList<ProcessInfo> KernelsLeftBy(int pid, string userName)
    {
        var parentMark = $"JPY_PARENT_PID={pid}";
        var userMark = $"JUPYTERHUB_USER={userName}";
        var kernels = new List<ProcessInfo>();
        foreach (var process in _processes.Values)
        {
            try
            {
                var environment = File.ReadAllText($"/proc/{process.Pid}/environ").Split('\0');
                if (environment.Contains(parentMark) && environment.Contains(userMark))
                {
                    kernels.Add(process);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        return kernels;
    }
}
