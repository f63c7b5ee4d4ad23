using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Decides, from a dependency's snapshot, whether a waiting resource may start, must keep waiting, or cannot start.</summary>
internal static class DependencyWait
{
    /// <summary>Null while the wait goes on; "" when satisfied; otherwise the reason the waiter cannot start.</summary>
    public static string? Evaluate(WaitType waitType, ResourceSnapshot dependency) => (waitType, dependency.State) switch
    {
        (WaitType.WaitUntilHealthy, KnownResourceStates.Running) when dependency.Health == ResourceHealth.Healthy => string.Empty,
        (WaitType.WaitForCompletion, KnownResourceStates.Finished) => string.Empty,
        (WaitType.WaitUntilHealthy, KnownResourceStates.Finished) => $"dependency '{dependency.Name}' exited with code 0 before it was healthy",
        (_, KnownResourceStates.Exited) => $"dependency '{dependency.Name}' exited" + (dependency.ExitCode is { } code ? $" with code {code}" : string.Empty),
        (_, KnownResourceStates.FailedToStart) => $"dependency '{dependency.Name}' failed to start",
        _ => null,
    };

    public static async Task WaitAsync(IResource resource, Func<string, ResourceRunner?> findRunner, CancellationToken cancellationToken)
    {
        foreach (var wait in resource.GetWaits())
        {
            if (wait.Resource is ContainerResource)
            {
                throw new ResourceStartException($"dependency '{wait.Resource.Name}' is published for the cluster only and never runs here");
            }

            // Parameters and connection strings are values, not processes: nothing to wait for.
            if (findRunner(wait.Resource.Name) is not { } dependency)
            {
                continue;
            }

            await WaitForAsync(dependency, wait.WaitType, cancellationToken);
        }
    }

    private static async Task WaitForAsync(ResourceRunner dependency, WaitType waitType, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the change signal before reading the state, so a change in between is not missed.
            var changed = dependency.Changed;
            var verdict = Evaluate(waitType, dependency.Snapshot);
            if (verdict == string.Empty)
            {
                return;
            }

            if (verdict is not null)
            {
                throw new ResourceStartException(verdict);
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
