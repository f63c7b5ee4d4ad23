using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Naming;
using Lakehouse.Kubernetes.Watching;

namespace Lakehouse.RouteController.Kubernetes;

/// <summary>
/// Keeps every lab pod's Service and VirtualService, by server-side apply (fixed names and one field manager, so a
/// respawn updates them, a restart of this controller finds and updates the same objects, and no duplicates can
/// appear). It follows the pods by list-then-watch (a broken watch lists again, a full resync); every
/// <see cref="LabObjectsOptions.ResyncInterval"/> it applies everything again, which repairs drift, and deletes its
/// objects whose pod is gone (the garbage collector normally has, through the ownerReferences). Between resyncs a
/// pod's objects are applied once: its status changes do not touch them.
/// </summary>
public sealed class LabObjectsController(
    KubernetesClient client,
    LabObjects objects,
    TimeSpan resyncInterval,
    TimeProvider timeProvider,
    ILogger<LabObjectsController> logger,
    string? ns = null)
{
    private readonly string _namespace = ns ?? client.Namespace;

    public const string FieldManager = LabObjects.ManagedByValue;

    // One reconciliation at a time, a resync's from its pod list to its deletes: a pod's objects applied between the
    // two would otherwise be deleted as leftovers.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The pod (uid) each user's objects were last applied for. A pod's objects depend only on which pod it is, so its
    // status changes need no apply; drift is the periodic resync's to repair. Used under the gate only.
    private readonly Dictionary<string, string> _appliedFor = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Keeping the Services and VirtualServices of lab pods in namespace {Namespace}", _namespace);
        await Task.WhenAll(FollowPodsAsync(cancellationToken), ResyncPeriodicallyAsync(cancellationToken));
    }

    /// <summary>Applies every lab pod's objects and removes this controller's objects that belong to no pod.</summary>
    public async Task ResyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var pods = await client.ListAllAsync(ResourceTypes.Pods, _namespace, new ListOptions { LabelSelector = LabNames.PodSelector }, cancellationToken);
            await ReconcileAllUngatedAsync(pods.Items, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FollowPodsAsync(CancellationToken cancellationToken)
    {
        var watcher = new ListWatcher<Pod>(client, ResourceTypes.Pods, _namespace, LabNames.PodSelector, timeProvider, logger)
        {
            RelistAfterBrokenConnection = true,
        };
        try
        {
            await foreach (var change in watcher.RunAsync(cancellationToken))
            {
                switch (change.Type)
                {
                    case ListWatchEventType.Synced:
                        await ReconcileAllAsync(change.Snapshot, cancellationToken);
                        break;
                    case ListWatchEventType.Added or ListWatchEventType.Modified:
                        await ReconcileAsync(change.Object!, cancellationToken);
                        break;
                    default:
                        // A deleted pod takes its objects along (ownerReferences); the resync catches what remains.
                        await ForgetAsync(change.Object, cancellationToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ResyncPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(resyncInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await ResyncAsync(cancellationToken);
                }
                catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
                {
                    logger.LogWarning("The resync of lab objects failed; next try in {Interval}: {Error}", resyncInterval, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ReconcileAllAsync(IEnumerable<Pod> pods, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await ReconcileAllUngatedAsync(pods, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileAllUngatedAsync(IEnumerable<Pod> pods, CancellationToken cancellationToken)
    {
        var live = pods.ToList();
        _appliedFor.Clear();
        foreach (var pod in live)
        {
            await ApplyAsync(pod, cancellationToken);
        }

        var wanted = live.Select(LabObjects.UserOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        await RemoveLeftoversAsync(ResourceTypes.Services, wanted, LabNames.ServiceName, cancellationToken);
        await RemoveLeftoversAsync(ResourceTypes.VirtualServices, wanted, LabNames.VirtualServiceName, cancellationToken);
    }

    private async Task ReconcileAsync(Pod pod, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (LabObjects.UserOf(pod) is not { } user || !_appliedFor.TryGetValue(user, out var uid) || uid != pod.Metadata.Uid)
            {
                await ApplyAsync(pod, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ForgetAsync(Pod? pod, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (pod is not null && LabObjects.UserOf(pod) is { } user && _appliedFor.TryGetValue(user, out var uid) && uid == pod.Metadata.Uid)
            {
                _appliedFor.Remove(user);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyAsync(Pod pod, CancellationToken cancellationToken)
    {
        if (LabObjects.UserOf(pod) is not { } user || pod.Metadata.DeletionTimestamp is not null || pod.Metadata.Uid is null)
        {
            return;
        }

        try
        {
            await client.ApplyAsync(ResourceTypes.Services, objects.ServiceFor(pod, user), FieldManager, force: true, _namespace, cancellationToken);
            await client.ApplyAsync(ResourceTypes.VirtualServices, objects.VirtualServiceFor(pod, user), FieldManager, force: true, _namespace, cancellationToken);
            _appliedFor[user] = pod.Metadata.Uid;
            logger.LogDebug("Applied the Service and VirtualService of {User} (pod {Pod})", user, pod.Metadata.Name);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
        {
            // Retried by the next event or resync; one user's problem must not stop the others.
            logger.LogError("Applying the lab objects of {User} (pod {Pod}) failed: {Error}", user, pod.Metadata.Name, e.Message);
        }
    }

    private async Task RemoveLeftoversAsync<T>(ResourceType<T> type, HashSet<string> users, Func<string, string> nameOf, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        var existing = await client.ListAllAsync(type, _namespace, new ListOptions { LabelSelector = LabObjects.Selector }, cancellationToken);
        foreach (var item in existing.Items)
        {
            var user = item.Metadata.Annotation(LabNames.UsernameKey);
            if (user is not null && users.Contains(user) && item.Metadata.Name == nameOf(user))
            {
                continue;
            }

            logger.LogInformation("Deleting the {Kind} {Name}: its lab pod is gone", type.Kind, item.Metadata.Name);
            await client.DeleteAsync(type, item.Metadata.Name!, _namespace, cancellationToken: cancellationToken);
        }
    }
}
