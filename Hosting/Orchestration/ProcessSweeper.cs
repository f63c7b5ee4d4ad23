using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// The last step of shutdown: whatever is still below the AppHost in the process tree (daemons that left their
/// resource's process group, orphans adopted as subreaper) gets SIGTERM, then SIGKILL.
/// </summary>
internal sealed class ProcessSweeper(OrphanReaper reaper, TimeProvider timeProvider, ILogger<ProcessSweeper> logger)
{
    private const int Rounds = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(3);

    /// <summary>Stops every descendant of this process that <paramref name="include"/> selects.</summary>
    public async Task SweepAsync(Func<ProcessInfo, bool> include, TimeSpan grace)
    {
        // A process may fork while it is being terminated: look again a few times.
        for (var round = 0; round < Rounds; round++)
        {
            var targets = ProcessTree.Descendants(ProcessTree.Snapshot(), Environment.ProcessId)
                .Where(p => !p.IsZombie && include(p))
                .ToList();
            if (targets.Count == 0)
            {
                return;
            }

            logger.LogInformation("Stopping {Count} leftover processes: {Pids}", targets.Count, targets.Select(t => t.Pid));
            foreach (var target in targets)
            {
                LibC.Signal(target.Pid, LibC.SigTerm);
            }

            await WaitUntilGoneAsync(targets, grace);
            var survivors = targets.Where(ProcessTree.IsAlive).ToList();
            foreach (var survivor in survivors)
            {
                LibC.Signal(survivor.Pid, LibC.SigKill);
            }

            if (survivors.Count > 0)
            {
                logger.LogWarning("Killed {Count} processes that ignored SIGTERM: {Pids}", survivors.Count, survivors.Select(s => s.Pid));
                await WaitUntilGoneAsync(survivors, KillWait);
            }

            reaper.ReapKilled(targets);
        }
    }

    private async Task WaitUntilGoneAsync(IReadOnlyList<ProcessInfo> processes, TimeSpan timeout)
    {
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (processes.Any(ProcessTree.IsAlive) && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, timeProvider);
        }
    }
}
