using System.Collections.Concurrent;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Pids this orchestrator started with <see cref="System.Diagnostics.Process"/>. .NET reaps those itself, so the
/// orphan reaper must never wait on them.
/// </summary>
internal sealed class LaunchedProcesses
{
    private readonly ConcurrentDictionary<int, byte> _pids = new();

    public void Add(int pid) => _pids[pid] = 0;

    public void Remove(int pid) => _pids.TryRemove(pid, out _);

    public bool Contains(int pid) => _pids.ContainsKey(pid);
}
