namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Every process seen below a resource, by pid and start time, kept while it lives. When its parent dies it is
/// re-parented to the AppHost and no longer looks like the resource's; this remembers that it is ours to stop.
/// </summary>
internal sealed class OwnedProcesses
{
    private readonly Lock _gate = new();
    private readonly HashSet<(int Pid, ulong StartTime)> _owned = [];

    /// <summary>Adds the trees and group members of the given process groups, and forgets processes that are gone.</summary>
    public void Record(IReadOnlyList<ProcessInfo> snapshot, IEnumerable<int> processGroups)
    {
        var live = snapshot.Where(p => !p.IsZombie).Select(p => (p.Pid, p.StartTime)).ToHashSet();
        lock (_gate)
        {
            _owned.IntersectWith(live);
            foreach (var group in processGroups)
            {
                foreach (var process in ProcessTree.Descendants(snapshot, group).Concat(snapshot.Where(p => p.ProcessGroup == group)))
                {
                    _owned.Add((process.Pid, process.StartTime));
                }
            }
        }
    }

    public bool Contains(ProcessInfo process)
    {
        lock (_gate)
        {
            return _owned.Contains((process.Pid, process.StartTime));
        }
    }
}
