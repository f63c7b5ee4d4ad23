namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// As a child subreaper the AppHost adopts orphaned descendants (daemonized epmd, kernels whose server died).
/// When they exit they stay zombies until waited on; .NET waits only on children it started, so this does the rest.
/// </summary>
internal sealed class OrphanReaper(LaunchedProcesses launched)
{
    private readonly int _self = Environment.ProcessId;
    private HashSet<int> _zombiesSeenBefore = [];

    /// <summary>Reaps adopted zombies. A zombie is reaped only when seen on two passes: a child .NET started is
    /// reaped by .NET at once, so anything still a zombie a pass later is an orphan nobody else will wait on.</summary>
    public int ReapOnce(IReadOnlyList<ProcessInfo> snapshot)
    {
        var zombies = snapshot
            .Where(p => p.ParentPid == _self && p.IsZombie && !launched.Contains(p.Pid))
            .Select(p => p.Pid)
            .ToHashSet();
        var reaped = zombies.Count(pid => _zombiesSeenBefore.Contains(pid) && LibC.TryReap(pid));
        _zombiesSeenBefore = zombies;
        return reaped;
    }

    /// <summary>Reaps the given adopted processes now; used by the shutdown sweep on processes it killed itself.</summary>
    public void ReapKilled(IEnumerable<ProcessInfo> killed)
    {
        foreach (var process in killed)
        {
            if (process.ParentPid == _self && !launched.Contains(process.Pid) && ProcessTree.Read(process.Pid) is { IsZombie: true })
            {
                LibC.TryReap(process.Pid);
            }
        }
    }
}
