using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Emulator;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Tests.Infrastructure;
using Lakehouse.Kubernetes.Watching;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lakehouse.Kubernetes.Tests.Client;

public sealed class ListWatcherTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_lists_then_watches_relists_after_410_and_resumes_after_a_dropped_connection()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = TimeSpan.FromMilliseconds(100) });
        using var client = new KubernetesClient(emulator.ClientConfiguration("lab"));
        await client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("before"), cancellationToken: Cancel);
        var watcher = new ListWatcher<Pod>(client, ResourceTypes.Pods, "lab", null, TimeProvider.System, NullLogger.Instance)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(50),
        };
        var events = new List<ListWatchEvent<Pod>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var run = Task.Run(async () =>
        {
            await foreach (var e in watcher.RunAsync(stop.Token))
            {
                lock (events)
                {
                    events.Add(e);
                }
            }
        }, Cancel);
        IReadOnlyList<ListWatchEvent<Pod>> Seen() { lock (events) { return events.ToList(); } }

        await Poll.UntilAsync(() => Seen().Count == 1 && emulator.Store.ActiveWatches == 1, "the first list and the watch");
        Assert.Equal(["before"], Seen()[0].Snapshot.Select(p => p.Metadata.Name));

        await client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("during"), cancellationToken: Cancel);
        await Poll.UntilAsync(() => Seen().Any(e => e is { Type: ListWatchEventType.Added, Object.Metadata.Name: "during" }), "the added pod");

        // A dropped connection resumes from the last version: nothing is listed again, nothing is missed.
        emulator.DropWatches();
        await client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("while-dropped"), cancellationToken: Cancel);
        await Poll.UntilAsync(() => Seen().Any(e => e is { Type: ListWatchEventType.Added, Object.Metadata.Name: "while-dropped" }), "the pod added while the watch was down");
        Assert.Single(Seen(), e => e.Type == ListWatchEventType.Synced);

        // A version the server forgot (410) makes it list again.
        await Poll.UntilAsync(() => emulator.Store.ActiveWatches == 1, "the watch to reopen");
        emulator.Store.Compact();
        await client.CreateAsync(ResourceTypes.Services, TestObjects.Service("unrelated"), cancellationToken: Cancel);
        emulator.Store.Compact();
        emulator.DropWatches();
        await Poll.UntilAsync(() => Seen().Count(e => e.Type == ListWatchEventType.Synced) == 2, "a second list");
        Assert.Equal(["before", "during", "while-dropped"], Seen().Last(e => e.Type == ListWatchEventType.Synced).Snapshot.Select(p => p.Metadata.Name));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
