extern alias routecontroller;

using System.Text.Json.Nodes;
using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Emulator.Store;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using routecontroller::Lakehouse.RouteController.Kubernetes;
using routecontroller::Lakehouse.RouteController.Routing;

namespace Lakehouse.Spawner.Tests.Kubernetes;

/// <summary>
/// The spawner's pod backend and the route controller's Kubernetes mode together against the API emulator: the lab
/// objects follow the pods through spawns, stops, respawns, controller restarts, broken watches and drift.
/// </summary>
public sealed class KubernetesModeEndToEndTests : IAsyncLifetime
{
    private const string Gateway = "istio-system/lakehouse-gateway";

    private readonly StateFolder _state = new();
    private PodCluster _cluster = null!;
    private SpawnerApp _spawner = null!;
    private KubernetesClient _client = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = await PodCluster.StartAsync(_state);
        _spawner = new SpawnerApp(_state, _cluster.SpawnerSettings());
        _client = new KubernetesClient(_cluster.Emulator.ClientConfiguration(PodCluster.Namespace));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _spawner.DisposeAsync();
        await _cluster.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task A_spawn_gets_its_Service_and_VirtualService_owned_by_the_pod()
    {
        await using var controller = StartController();

        await _spawner.StartReadyAsync(TestUsers.Alice);

        var (service, virtualService) = await LabObjectsAsync("alice");
        var pod = _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!;
        foreach (var item in new[] { service, virtualService })
        {
            var owner = Assert.Single(item["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal(pod["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());
            Assert.Equal("Pod", owner["kind"]!.GetValue<string>());
            Assert.Equal("jupyter-alice", owner["name"]!.GetValue<string>());
            Assert.True(owner["controller"]!.GetValue<bool>());
            Assert.True(owner["blockOwnerDeletion"]!.GetValue<bool>());
        }

        Assert.Equal(
            [("http-sparkui", 4040), ("tcp-blockmanager", 6060), ("tcp-driver", 2020)],
            service["spec"]!["ports"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["port"]!.GetValue<int>())));
        Assert.Equal("alice", service["spec"]!["selector"]!["hub.jupyter.org/username"]!.GetValue<string>());
        Assert.Equal(["alice.sparkui.example.org"], virtualService["spec"]!["hosts"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal([Gateway], virtualService["spec"]!["gateways"]!.AsArray().Select(h => h!.GetValue<string>()));
        var destination = virtualService["spec"]!["http"]![0]!["route"]![0]!["destination"]!;
        Assert.Equal("alice-lab", destination["host"]!.GetValue<string>());
        Assert.Equal(4040, destination["port"]!["number"]!.GetValue<int>());
        Assert.Contains(_cluster.Emulator.Requests, r => r.Method == "PATCH" && r.ContentType == "application/apply-patch+yaml"
            && r.PathAndQuery == "/api/v1/namespaces/jupyter/services/alice-lab?fieldManager=lakehouse-route-controller&force=true");
    }

    [Fact]
    public async Task A_pods_status_changes_do_not_apply_its_objects_again()
    {
        await using var controller = StartController();
        await _spawner.StartReadyAsync(TestUsers.Alice);
        await LabObjectsAsync("alice");
        // Created without a status, then set Running by the kubelet: at least one change after the pod was added.
        Assert.Equal("Running", Find("pods", "jupyter-alice")!["status"]!["phase"]!.GetValue<string>());

        // The controller handles events in order: once bob's objects exist, every change of alice's pod before is seen.
        // (Only his pod's creation matters here: in the local kubelet both servers would want the same port.)
        using (await _spawner.StartAsync(TestUsers.Bob))
        {
        }

        await LabObjectsAsync("bob");

        Assert.Equal(1, _cluster.Emulator.Requests.Count(r => r.Method == "PATCH" && r.PathAndQuery.StartsWith("/api/v1/namespaces/jupyter/services/alice-lab?", StringComparison.Ordinal)));
        Assert.Equal(1, _cluster.Emulator.Requests.Count(r => r.Method == "PATCH" && r.PathAndQuery.Contains("/virtualservices/lab-vs-alice?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Deleting_the_pod_removes_both_and_a_respawn_brings_them_back_for_the_new_pod()
    {
        await using var controller = StartController();
        await _spawner.StartReadyAsync(TestUsers.Alice);
        await LabObjectsAsync("alice");

        await StopAsync("alice");

        await Poll.UntilAsync(() => Find("services", "alice-lab") is null && Find("virtualservices.networking.istio.io", "lab-vs-alice") is null,
            "the Service and VirtualService to go with the pod");

        await _spawner.StartReadyAsync(TestUsers.Alice);
        var newUid = _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!["metadata"]!["uid"]!.GetValue<string>();
        await Poll.UntilAsync(() => OwnerUid(Find("services", "alice-lab")) == newUid && OwnerUid(Find("virtualservices.networking.istio.io", "lab-vs-alice")) == newUid,
            "the objects to belong to the new pod");
        Assert.Single(_cluster.Emulator.List("services", PodCluster.Namespace));
        Assert.Single(_cluster.Emulator.List("virtualservices.networking.istio.io", PodCluster.Namespace));
    }

    [Fact]
    public async Task A_respawn_while_the_old_objects_still_exist_updates_them_without_failing()
    {
        await using var controller = StartController();
        await _spawner.StartReadyAsync(TestUsers.Alice);
        var (before, _) = await LabObjectsAsync("alice");

        // The pod disappears at once (no grace period), and the next one appears before anything else happens.
        await StopAsync("alice");
        await _spawner.StartReadyAsync(TestUsers.Alice);

        var newUid = _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!["metadata"]!["uid"]!.GetValue<string>();
        await Poll.UntilAsync(() => OwnerUid(Find("services", "alice-lab")) == newUid, "the Service to follow the new pod");
        Assert.NotEqual(OwnerUid(before), newUid);
    }

    [Fact]
    public async Task A_restarted_controller_updates_the_same_objects_and_creates_no_duplicates()
    {
        await using (var first = StartController())
        {
            await _spawner.StartReadyAsync(TestUsers.Alice);
            await LabObjectsAsync("alice");
        }

        var versions = Versions();
        await using var second = StartController();
        await Poll.UntilAsync(() => _cluster.Emulator.Requests.Count(r => r.Method == "PATCH") >= 4, "the second controller to apply");

        Assert.Single(_cluster.Emulator.List("services", PodCluster.Namespace));
        Assert.Single(_cluster.Emulator.List("virtualservices.networking.istio.io", PodCluster.Namespace));
        Assert.Equal(versions, Versions());
    }

    [Fact]
    public async Task A_dropped_watch_leads_to_a_resync_that_repairs_what_was_missed()
    {
        await using var controller = StartController();
        await _spawner.StartReadyAsync(TestUsers.Alice);
        await LabObjectsAsync("alice");
        await Poll.UntilAsync(() => _cluster.Emulator.Store.ActiveWatches >= 1, "the controller's watch");
        var lists = PodLists();

        // Someone deletes the VirtualService; the pod does not change, so no watch event would bring it back.
        Assert.True(await _client.DeleteAsync(ResourceTypes.VirtualServices, "lab-vs-alice", cancellationToken: Cancel));
        _cluster.Emulator.DropWatches();

        await Poll.UntilAsync(() => Find("virtualservices.networking.istio.io", "lab-vs-alice") is not null, "the VirtualService to be back");
        Assert.True(PodLists() > lists, "The controller did not list the pods again after its watch broke.");
    }

    [Fact]
    public async Task The_periodic_resync_corrects_drift_and_removes_leftovers()
    {
        await using var controller = StartController(TimeSpan.FromMilliseconds(500));
        await _spawner.StartReadyAsync(TestUsers.Alice);
        var (service, _) = await LabObjectsAsync("alice");

        // Drift: someone changes a port by hand. A leftover: an object of ours for a user without a pod.
        service["spec"]!["ports"]![0]!["port"] = 9999;
        _cluster.Emulator.Store.Update(ResourceInfo.Named("services"), PodCluster.Namespace, "alice-lab", service);
        var leftover = (JsonObject)service.DeepClone();
        leftover["metadata"] = new JsonObject
        {
            ["name"] = "bob-lab",
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "lakehouse-route-controller" },
            ["annotations"] = new JsonObject { ["hub.jupyter.org/username"] = "bob" },
        };
        _cluster.Emulator.Store.Create(ResourceInfo.Named("services"), PodCluster.Namespace, leftover);

        await Poll.UntilAsync(() => Find("services", "alice-lab")?["spec"]!["ports"]![0]!["port"]!.GetValue<int>() == 4040, "the port to be repaired");
        await Poll.UntilAsync(() => Find("services", "bob-lab") is null, "the leftover to be deleted");
    }

    [Fact]
    public async Task A_colliding_pod_name_is_refused_and_gets_no_lab_objects()
    {
        await using var controller = StartController();
        _cluster.Emulator.Store.Create(ResourceInfo.Named("pods"), PodCluster.Namespace, JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"jupyter-alice","labels":{"component":"singleuser-server"}},
             "spec":{"containers":[{"name":"notebook","image":"someone-elses"}]}}
            """)!.AsObject());

        using (await _spawner.StartAsync(TestUsers.Alice))
        {
        }

        var events = await _spawner.ReadProgressAsync("alice");
        Assert.Equal("The pod name jupyter-alice is taken by a pod Lakehouse did not create; the server cannot start under that name.", events[^1].Message);
        Assert.Equal(ServerState.Failed, (await _spawner.GetAsync("alice"))!.State);
        Assert.Empty(_cluster.Emulator.List("services", PodCluster.Namespace));
        Assert.Equal("someone-elses", _cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    private RunningController StartController(TimeSpan? resync = null)
    {
        var controller = new LabObjectsController(
            _client,
            new LabObjects(new SparkUiHost("example.org"), Gateway),
            resync ?? TimeSpan.FromMinutes(10),
            TimeProvider.System,
            NullLogger<LabObjectsController>.Instance);
        return new RunningController(controller);
    }

    private async Task StopAsync(string name)
    {
        using (var response = await _spawner.Hub.DeleteAsync($"/api/servers/{name}", Cancel))
        {
            response.EnsureSuccessStatusCode();
        }

        await Poll.UntilAsync(async () => (await _spawner.GetAsync(name))?.State == ServerState.Stopped, "the server to stop");
    }

    private async Task<(JsonObject Service, JsonObject VirtualService)> LabObjectsAsync(string user)
    {
        await Poll.UntilAsync(() => Find("services", $"{user}-lab") is not null && Find("virtualservices.networking.istio.io", $"lab-vs-{user}") is not null,
            $"the lab objects of {user}");
        return (Find("services", $"{user}-lab")!, Find("virtualservices.networking.istio.io", $"lab-vs-{user}")!);
    }

    private JsonObject? Find(string resource, string name) => _cluster.Emulator.Find(resource, PodCluster.Namespace, name);

    private static string? OwnerUid(JsonObject? item) =>
        (item?["metadata"]?["ownerReferences"] as JsonArray)?.SingleOrDefault()?["uid"]?.GetValue<string>();

    private int PodLists() => _cluster.Emulator.Requests.Count(r =>
        r.Method == "GET" && r.PathAndQuery.StartsWith("/api/v1/namespaces/jupyter/pods?", StringComparison.Ordinal) && !r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal)
        && r.PathAndQuery.Contains("labelSelector", StringComparison.Ordinal));

    private List<string> Versions() =>
        _cluster.Emulator.List("services", PodCluster.Namespace).Concat(_cluster.Emulator.List("virtualservices.networking.istio.io", PodCluster.Namespace))
            .Select(o => o["metadata"]!["resourceVersion"]!.GetValue<string>()).ToList();

    /// <summary>A controller running in the background until disposed, as the route controller's hosted service runs it.</summary>
    private sealed class RunningController : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningController(LabObjectsController controller) => _run = Task.Run(() => controller.RunAsync(_stop.Token));

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}
