using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Emulator;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Kubernetes.Tests.Emulator;

/// <summary>The API conventions the emulator follows, pinned through the client.</summary>
public sealed class EmulatorSemanticsTests : IAsyncLifetime
{
    private KubernetesApiEmulator _emulator = null!;
    private KubernetesClient _client = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _emulator = await KubernetesApiEmulator.StartAsync();
        _client = new KubernetesClient(_emulator.ClientConfiguration("lab"));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Every_change_gets_a_higher_resource_version_and_a_stale_update_is_a_409()
    {
        var created = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("a"), cancellationToken: Cancel);
        var relabelled = await _client.ReplaceAsync(ResourceTypes.Pods,
            created with { Metadata = created.Metadata with { Labels = new Dictionary<string, string> { ["x"] = "1" } } }, cancellationToken: Cancel);

        Assert.True(long.Parse(relabelled.Metadata.ResourceVersion!) > long.Parse(created.Metadata.ResourceVersion!));
        Assert.Equal(created.Metadata.Uid, relabelled.Metadata.Uid);

        var stale = created with { Metadata = created.Metadata with { Labels = new Dictionary<string, string> { ["x"] = "2" } } };
        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.ReplaceAsync(ResourceTypes.Pods, stale, cancellationToken: Cancel));
        Assert.Equal("Conflict", conflict.Status.Reason);
        Assert.Contains("the object has been modified", conflict.Status.Message);
        Assert.Equal("1", (await _client.GetAsync(ResourceTypes.Pods, "a", cancellationToken: Cancel)).Metadata.Labels!["x"]);
    }

    [Fact]
    public async Task Missing_objects_are_404_and_duplicates_409_AlreadyExists()
    {
        var missing = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => _client.GetAsync(ResourceTypes.Services, "nope", cancellationToken: Cancel));
        Assert.Equal("services \"nope\" not found", missing.Status.Message);
        Assert.False(await _client.DeleteAsync(ResourceTypes.Services, "nope", cancellationToken: Cancel));

        await _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("svc"), cancellationToken: Cancel);
        var duplicate = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("svc"), cancellationToken: Cancel));
        Assert.True(duplicate.AlreadyExists);
        Assert.Equal("services \"svc\" already exists", duplicate.Status.Message);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    public async Task Invalid_names_are_422_and_nothing_is_created(string name)
    {
        var invalid = await Assert.ThrowsAsync<KubernetesInvalidException>(() => _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod(name), cancellationToken: Cancel));

        Assert.Equal("metadata.name", invalid.Status.Details!.Causes![0].Field);
        Assert.Empty((await _client.ListAsync(ResourceTypes.Pods, cancellationToken: Cancel)).Items);
    }

    [Fact]
    public async Task Invalid_objects_are_422_a_Service_name_must_start_with_a_letter_and_a_pod_needs_an_image()
    {
        await Assert.ThrowsAsync<KubernetesInvalidException>(() => _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("1abc-lab"), cancellationToken: Cancel));
        var noImage = TestObjects.Pod("p") with { Spec = new PodSpec { Containers = [new Container { Name = "main" }] } };
        var invalid = await Assert.ThrowsAsync<KubernetesInvalidException>(() => _client.CreateAsync(ResourceTypes.Pods, noImage, cancellationToken: Cancel));
        Assert.Equal("spec.containers[0].image", invalid.Status.Details!.Causes![0].Field);
        var badLabel = TestObjects.Pod("p", new Dictionary<string, string> { ["hub.jupyter.org/username"] = "a_" });
        await Assert.ThrowsAsync<KubernetesInvalidException>(() => _client.CreateAsync(ResourceTypes.Pods, badLabel, cancellationToken: Cancel));
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix()
    {
        var pod = TestObjects.Pod("x") with { Metadata = new ObjectMeta { GenerateName = "job-" } };

        var first = await _client.CreateAsync(ResourceTypes.Pods, pod, cancellationToken: Cancel);
        var second = await _client.CreateAsync(ResourceTypes.Pods, pod, cancellationToken: Cancel);

        Assert.StartsWith("job-", first.Metadata.Name);
        Assert.Equal(9, first.Metadata.Name!.Length);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
    }

    [Fact]
    public async Task Lists_select_by_label_and_page_with_continue()
    {
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod($"p{i}", new Dictionary<string, string> { ["tier"] = i % 2 == 0 ? "even" : "odd" }), cancellationToken: Cancel);
        }

        var even = await _client.ListAsync(ResourceTypes.Pods, options: new ListOptions { LabelSelector = "tier=even" }, cancellationToken: Cancel);
        Assert.Equal(["p0", "p2", "p4"], even.Items.Select(p => p.Metadata.Name));
        var notOdd = await _client.ListAsync(ResourceTypes.Pods, options: new ListOptions { LabelSelector = "tier notin (odd)" }, cancellationToken: Cancel);
        Assert.Equal(3, notOdd.Items.Count);

        var page = await _client.ListAsync(ResourceTypes.Pods, options: new ListOptions { Limit = 2 }, cancellationToken: Cancel);
        Assert.Equal(2, page.Items.Count);
        Assert.NotNull(page.Metadata.Continue);
        var all = await _client.ListAllAsync(ResourceTypes.Pods, options: new ListOptions { Limit = 2 }, cancellationToken: Cancel);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], all.Items.Select(p => p.Metadata.Name));
        Assert.Empty((await _client.ListAsync(ResourceTypes.Pods, "other", cancellationToken: Cancel)).Items);
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents_in_the_background_and_Orphan_keeps_them()
    {
        var owner = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("owner"), cancellationToken: Cancel);
        await _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("dependent", OwnerReference.ControlledBy(owner)), cancellationToken: Cancel);

        await _client.DeleteAsync(ResourceTypes.Pods, "owner", options: new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Cancel);

        await Poll.UntilAsync(async () => await _client.FindAsync(ResourceTypes.Services, "dependent", cancellationToken: Cancel) is null, "the dependent to be collected");

        var keeper = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("keeper"), cancellationToken: Cancel);
        await _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("kept", OwnerReference.ControlledBy(keeper)), cancellationToken: Cancel);
        await _client.DeleteAsync(ResourceTypes.Pods, "keeper", options: new DeleteOptions { GracePeriodSeconds = 0, PropagationPolicy = PropagationPolicy.Orphan }, cancellationToken: Cancel);
        var kept = await _client.GetAsync(ResourceTypes.Services, "kept", cancellationToken: Cancel);
        Assert.Empty(kept.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task An_object_created_for_an_owner_that_is_gone_is_collected()
    {
        var owner = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("gone"), cancellationToken: Cancel);
        await _client.DeleteAsync(ResourceTypes.Pods, "gone", options: new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Cancel);

        await _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("late", OwnerReference.ControlledBy(owner)), cancellationToken: Cancel);

        await Poll.UntilAsync(async () => await _client.FindAsync(ResourceTypes.Services, "late", cancellationToken: Cancel) is null, "the orphan to be collected");
    }

    [Fact]
    public async Task A_delete_whose_preconditions_no_longer_hold_is_a_conflict_and_changes_nothing()
    {
        var first = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("reused"), cancellationToken: Cancel);
        await _client.DeleteAsync(ResourceTypes.Pods, "reused", options: new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Cancel);
        var second = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("reused"), cancellationToken: Cancel);

        var byUid = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.DeleteAsync(ResourceTypes.Pods, "reused",
            options: new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { Uid = first.Metadata.Uid } }, cancellationToken: Cancel));
        Assert.Contains($"Precondition failed: UID in precondition: {first.Metadata.Uid}", byUid.Message);
        await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.DeleteAsync(ResourceTypes.Pods, "reused",
            options: new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { ResourceVersion = first.Metadata.ResourceVersion } }, cancellationToken: Cancel));
        Assert.Equal(second.Metadata.Uid, (await _client.GetAsync(ResourceTypes.Pods, "reused", cancellationToken: Cancel)).Metadata.Uid);

        Assert.True(await _client.DeleteAsync(ResourceTypes.Pods, "reused",
            options: new DeleteOptions { GracePeriodSeconds = 0, Preconditions = new Preconditions { Uid = second.Metadata.Uid, ResourceVersion = second.Metadata.ResourceVersion } }, cancellationToken: Cancel));
        Assert.Null(await _client.FindAsync(ResourceTypes.Pods, "reused", cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_pod_deleted_with_a_grace_period_terminates_first_then_disappears()
    {
        await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("slow"), cancellationToken: Cancel);

        await _client.DeleteAsync(ResourceTypes.Pods, "slow", options: new DeleteOptions { GracePeriodSeconds = 30 }, cancellationToken: Cancel);

        var terminating = await _client.FindAsync(ResourceTypes.Pods, "slow", cancellationToken: Cancel);
        Assert.NotNull(terminating?.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating!.Metadata.DeletionGracePeriodSeconds);
        await Poll.UntilAsync(async () => await _client.FindAsync(ResourceTypes.Pods, "slow", cancellationToken: Cancel) is null, "the pod to be gone");
    }

    [Fact]
    public async Task Apply_creates_merges_prunes_what_the_manager_dropped_and_conflicts_without_force()
    {
        var labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var first = await _client.ApplyAsync(ResourceTypes.Pods, TestObjects.Pod("applied", labels), "one", force: false, cancellationToken: Cancel);
        Assert.NotNull(first.Metadata.Uid);

        var again = await _client.ApplyAsync(ResourceTypes.Pods, TestObjects.Pod("applied", labels), "one", force: false, cancellationToken: Cancel);
        Assert.Equal(first.Metadata.ResourceVersion, again.Metadata.ResourceVersion);

        var pruned = await _client.ApplyAsync(ResourceTypes.Pods, TestObjects.Pod("applied", new Dictionary<string, string> { ["a"] = "1" }), "one", force: false, cancellationToken: Cancel);
        Assert.Equal(["a"], pruned.Metadata.Labels!.Keys);

        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => _client.ApplyAsync(
            ResourceTypes.Pods, TestObjects.Pod("applied", new Dictionary<string, string> { ["a"] = "other" }), "two", force: false, cancellationToken: Cancel));
        Assert.Contains("conflict with \"one\"", conflict.Status.Message);
        var forced = await _client.ApplyAsync(
            ResourceTypes.Pods, TestObjects.Pod("applied", new Dictionary<string, string> { ["a"] = "other" }), "two", force: true, cancellationToken: Cancel);
        Assert.Equal("other", forced.Metadata.Labels!["a"]);
        Assert.Equal(first.Metadata.Uid, forced.Metadata.Uid);
    }

    [Fact]
    public async Task A_watch_streams_changes_in_order_and_a_compacted_version_gets_410_too_old()
    {
        var created = await _client.CreateAsync(ResourceTypes.Pods, TestObjects.Pod("w", new Dictionary<string, string> { ["app"] = "x" }), cancellationToken: Cancel);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var seen = new List<string>();
        var watch = Task.Run(async () =>
        {
            await foreach (var e in _client.WatchAsync(ResourceTypes.Pods, labelSelector: "app=x", resourceVersion: created.Metadata.ResourceVersion, cancellationToken: watching.Token))
            {
                if (e.Type != WatchEvent.Bookmark)
                {
                    lock (seen)
                    {
                        seen.Add(e.Type);
                    }
                }
            }
        }, Cancel);
        await Poll.UntilAsync(() => _emulator.Store.ActiveWatches == 1, "the watch to open");
        _emulator.SetPodRunning("lab", "w");
        await _client.DeleteAsync(ResourceTypes.Pods, "w", options: new DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: Cancel);

        await Poll.UntilAsync(() => { lock (seen) { return seen.Count == 2; } }, "two events");
        Assert.Equal(["MODIFIED", "DELETED"], seen);
        watching.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);

        _emulator.Store.Compact();
        var gone = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in _client.WatchAsync(ResourceTypes.Pods, resourceVersion: created.Metadata.ResourceVersion, cancellationToken: Cancel))
            {
            }
        });
        Assert.StartsWith($"too old resource version: {created.Metadata.ResourceVersion}", gone.Status.Message);
    }

    [Fact]
    public async Task A_quiet_watch_gets_bookmarks_with_the_current_version_when_it_asks_for_them()
    {
        await _client.CreateAsync(ResourceTypes.Services, TestObjects.Service("other"), cancellationToken: Cancel);
        var list = await _client.ListAsync(ResourceTypes.Pods, cancellationToken: Cancel);

        await foreach (var e in _client.WatchAsync(ResourceTypes.Pods, resourceVersion: list.Metadata.ResourceVersion, allowBookmarks: true, cancellationToken: Cancel))
        {
            Assert.Equal(WatchEvent.Bookmark, e.Type);
            Assert.Equal(list.Metadata.ResourceVersion, KubernetesClient.ResourceVersionOf(e));
            break;
        }
    }

    [Fact]
    public async Task A_dropped_watch_connection_breaks_the_stream()
    {
        var broken = Task.Run(async () =>
        {
            await foreach (var _ in _client.WatchAsync(ResourceTypes.Pods, allowBookmarks: false, cancellationToken: Cancel))
            {
            }
        }, Cancel);
        await Poll.UntilAsync(() => _emulator.Store.ActiveWatches == 1, "the watch to open");

        Assert.Equal(1, _emulator.DropWatches());

        await Assert.ThrowsAnyAsync<Exception>(() => broken);
        await Poll.UntilAsync(() => _emulator.Store.ActiveWatches == 0, "the watch to end");
    }
}
