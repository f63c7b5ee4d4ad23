using System.Runtime.CompilerServices;
using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Kubernetes.Watching;

/// <summary>
/// List-then-watch, as controllers do it: list (a <see cref="ListWatchEventType.Synced"/> snapshot), then watch from
/// the list's resourceVersion with bookmarks, moving on with every event's resourceVersion. A 410 Gone (the version
/// fell out of the server's history) starts over with a new list; a broken connection or a server error reconnects
/// from the last version after an exponential backoff (<see cref="InitialBackoff"/> doubling up to
/// <see cref="MaximumBackoff"/>, reset by any event).
/// </summary>
public sealed class ListWatcher<T>(
    KubernetesClient client,
    ResourceType<T> type,
    string? ns,
    string? labelSelector,
    TimeProvider timeProvider,
    ILogger logger)
    where T : KubernetesObject
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaximumBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// List again after a broken connection instead of resuming from the last version: for controllers that want a
    /// full resync whenever they may have been cut off.
    /// </summary>
    public bool RelistAfterBrokenConnection { get; init; }

    /// <summary>How long one watch request may last before the server ends it and the watcher reconnects.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs until cancelled; never ends on its own.</summary>
    public async IAsyncEnumerable<ListWatchEvent<T>> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                KubernetesList<T>? list = null;
                try
                {
                    list = await client.ListAllAsync(type, ns, new ListOptions { LabelSelector = labelSelector }, cancellationToken);
                }
                catch (Exception e) when (IsTransient(e, cancellationToken))
                {
                    logger.LogWarning("Listing {Resource} failed, retrying in {Backoff}: {Error}", type.Plural, backoff, e.Message);
                }

                if (list is null)
                {
                    await Task.Delay(backoff, timeProvider, cancellationToken);
                    backoff = Next(backoff);
                    continue;
                }

                version = list.Metadata.ResourceVersion;
                backoff = InitialBackoff;
                yield return ListWatchEvent<T>.Synced(list.Items.ToList());
            }

            var watch = client.WatchAsync(type, ns, labelSelector, version, allowBookmarks: true, WatchTimeout, cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    ListWatchEvent<T>? change = null;
                    try
                    {
                        if (!await watch.MoveNextAsync())
                        {
                            break;
                        }

                        var watchEvent = watch.Current;
                        version = KubernetesClient.ResourceVersionOf(watchEvent) ?? version;
                        backoff = InitialBackoff;
                        change = watchEvent.Type switch
                        {
                            WatchEvent.Added => ListWatchEvent<T>.Changed(ListWatchEventType.Added, KubernetesClient.ObjectOf(type, watchEvent)),
                            WatchEvent.Modified => ListWatchEvent<T>.Changed(ListWatchEventType.Modified, KubernetesClient.ObjectOf(type, watchEvent)),
                            WatchEvent.Deleted => ListWatchEvent<T>.Changed(ListWatchEventType.Deleted, KubernetesClient.ObjectOf(type, watchEvent)),
                            _ => null,
                        };
                    }
                    catch (KubernetesGoneException e)
                    {
                        logger.LogInformation("The watch of {Resource} expired ({Message}); listing again", type.Plural, e.Status.Message);
                        version = null;
                        break;
                    }
                    catch (Exception e) when (IsTransient(e, cancellationToken))
                    {
                        logger.LogWarning("The watch of {Resource} broke, reconnecting in {Backoff}: {Error}", type.Plural, backoff, e.Message);
                        await Task.Delay(backoff, timeProvider, cancellationToken);
                        backoff = Next(backoff);
                        version = RelistAfterBrokenConnection ? null : version;
                        break;
                    }

                    if (change is not null)
                    {
                        yield return change;
                    }
                }
            }
            finally
            {
                await watch.DisposeAsync();
            }
        }
    }

    private TimeSpan Next(TimeSpan backoff) => backoff * 2 < MaximumBackoff ? backoff * 2 : MaximumBackoff;

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or KubernetesApiException
            or System.Text.Json.JsonException or OperationCanceledException;
}
