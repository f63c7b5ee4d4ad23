namespace Lakehouse.Hosting.Orchestration;

/// <summary>Stops a process group: SIGTERM to the group, a grace period, then SIGKILL to whatever is left.</summary>
internal static class ProcessGroup
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task TerminateAsync(int processGroup, TimeSpan grace, TimeProvider timeProvider)
    {
        if (!LibC.SignalGroup(processGroup, LibC.SigTerm))
        {
            return; // no such group: already gone
        }

        var deadline = timeProvider.GetUtcNow() + grace;
        while (ProcessTree.GroupHasLiveMembers(processGroup) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, timeProvider);
        }

        if (ProcessTree.GroupHasLiveMembers(processGroup))
        {
            LibC.SignalGroup(processGroup, LibC.SigKill);
        }
    }
}
