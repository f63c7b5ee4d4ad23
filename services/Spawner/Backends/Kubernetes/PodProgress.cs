using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Models;

namespace Lakehouse.Spawner.Backends.Kubernetes;

/// <summary>
/// Turns what Kubernetes says about a starting pod into progress events (each Event once, in order) and decides when
/// the start has failed for good (an image that cannot be pulled, a container that exits) rather than let it run
/// into the start timeout.
/// </summary>
internal sealed class PodProgress(IProgress<ProgressEvent> progress)
{
    // Waiting reasons after which the pod will not start without someone changing something.
    private static readonly HashSet<string> HopelessReasons = new(StringComparer.Ordinal)
    {
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff",
    };

    private readonly HashSet<string> _seenEvents = new(StringComparer.Ordinal);
    private int _percent = 20;

    public void Report(IEnumerable<Event> events)
    {
        foreach (var e in events.OrderBy(e => e.LastTimestamp ?? e.Metadata.CreationTimestamp).ThenBy(e => e.Metadata.Name, StringComparer.Ordinal))
        {
            if (e.Metadata.Name is { } name && _seenEvents.Add($"{name}/{e.Count}"))
            {
                _percent = Math.Min(_percent + 5, 75);
                var prefix = e.Type == "Warning" ? "Warning: " : "";
                progress.Report(new ProgressEvent(_percent, $"{prefix}{e.Reason}: {e.Message}"));
            }
        }
    }

    /// <summary>Null while the pod may still start; otherwise why it will not.</summary>
    public static string? Failure(Pod pod)
    {
        var status = pod.Status;
        if (status?.Phase is "Failed" or "Succeeded")
        {
            return $"The pod ended ({status.Phase}){Describe(status.Reason, status.Message)}{Terminated(status)}.";
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return "The pod was deleted while it started.";
        }

        foreach (var container in status?.ContainerStatuses ?? [])
        {
            if (container.State?.Waiting is { Reason: { } reason } waiting && HopelessReasons.Contains(reason))
            {
                return $"The server's container cannot start: {reason}{Describe(null, waiting.Message)}.";
            }
        }

        return null;
    }

    /// <summary>The pod has an address and its server container runs.</summary>
    public static bool IsRunning(Pod pod) =>
        pod.Status is { Phase: "Running", PodIP.Length: > 0 } status
        && status.ContainerStatuses?.Any(c => c.Name == LabPodBuilder.ContainerName && c.State?.Running is not null) == true;

    private static string Terminated(PodStatus status) =>
        status.ContainerStatuses?.Select(c => c.State?.Terminated).FirstOrDefault(t => t is not null) is { } terminated
            ? $"; the server exited with code {terminated.ExitCode}{Describe(terminated.Reason, terminated.Message)}"
            : "";

    private static string Describe(string? reason, string? message) =>
        (reason, message) switch
        {
            (null, null) => "",
            (_, null) => $" ({reason})",
            (null, _) => $": {message}",
            _ => $" ({reason}): {message}",
        };
}
