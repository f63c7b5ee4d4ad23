using System.Net;
using System.Text.Json.Nodes;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Kubernetes;

/// <summary>The spawner with <c>Spawner:Backend=kubernetes</c> against the API emulator, its pods run by a local kubelet.</summary>
public sealed class KubernetesBackendTests
{
    private static string Env(JsonObject pod, string name) =>
        (pod["spec"]!["containers"]![0]!["env"] as JsonArray)!.Single(e => e!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    [Fact]
    public async Task A_spawn_creates_the_users_pod_reports_its_events_and_ends_ready_at_the_pod_address()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings());

        using (var response = await spawner.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await spawner.ReadProgressAsync("alice");
        Assert.True(events[^1].Ready, events[^1].Message);
        Assert.Contains(events, e => e.Message == "Pod jupyter-alice created");
        Assert.Contains(events, e => e.Message.StartsWith("Scheduled: Successfully assigned jupyter/jupyter-alice", StringComparison.Ordinal));
        var status = (await spawner.GetAsync("alice"))!;
        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(new Uri($"http://127.0.0.1:{cluster.ServerPort}/user/alice/"), status.Url);
        Assert.Equal(new Uri("http://127.0.0.1:4040/"), status.SparkUiUrl);

        var pod = cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!;
        var metadata = pod["metadata"]!;
        Assert.Equal("singleuser-server", metadata["labels"]!["component"]!.GetValue<string>());
        Assert.Equal("lakehouse", metadata["labels"]!["app.kubernetes.io/part-of"]!.GetValue<string>());
        Assert.Equal("alice", metadata["labels"]!["hub.jupyter.org/username"]!.GetValue<string>());
        Assert.Equal("alice", metadata["annotations"]!["hub.jupyter.org/username"]!.GetValue<string>());
        var spec = pod["spec"]!;
        Assert.False(spec["automountServiceAccountToken"]!.GetValue<bool>());
        Assert.Equal(10001, spec["securityContext"]!["runAsUser"]!.GetValue<int>());
        Assert.Equal(10001, spec["securityContext"]!["runAsGroup"]!.GetValue<int>());
        Assert.Equal(10001, spec["securityContext"]!["fsGroup"]!.GetValue<int>());
        Assert.Equal([20000], spec["securityContext"]!["supplementalGroups"]!.AsArray().Select(g => g!.GetValue<int>()));
        Assert.Equal("homes", spec["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        var container = spec["containers"]![0]!;
        Assert.Equal("alice", container["volumeMounts"]![0]!["subPath"]!.GetValue<string>());
        Assert.Equal("/home/alice", container["volumeMounts"]![0]!["mountPath"]!.GetValue<string>());
        Assert.Equal("2", container["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal(["ALL"], container["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains(container["ports"]!.AsArray(), p => p!["containerPort"]!.GetValue<int>() == cluster.ServerPort);
        Assert.Equal("10001", Env(pod, "EXTERNAL_UID"));
        Assert.Equal("alice:10001,data:20000", Env(pod, "EXTERNAL_GROUPS"));
        Assert.Equal("alice-lab.jupyter.svc.cluster.local", Env(pod, "SPARK_DRIVER_HOST"));
        Assert.Equal(
            "--master spark://spark-master-svc.spark:7077 --conf spark.driver.host=alice-lab.jupyter.svc.cluster.local --conf spark.driver.port=2020 "
            + "--conf spark.blockManager.port=6060 --conf spark.driver.bindAddress=0.0.0.0 --conf spark.ui.port=4040 pyspark-shell",
            Env(pod, "PYSPARK_SUBMIT_ARGS"));
        Assert.Equal(status.Token, Env(pod, "JUPYTER_TOKEN"));
    }

    [Fact]
    public async Task With_per_user_claims_the_home_is_the_users_own_claim_created_once_and_kept()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state, runContainers: false);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings(new() { ["Spawner:Kubernetes:PerUserClaims"] = "true", ["Spawner:StartTimeout"] = "00:00:03" }));
        using (await spawner.StartAsync(TestUsers.Alice))
        {
        }

        await Poll.UntilAsync(() => cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is not null, "the pod");
        var claim = cluster.Emulator.Find("persistentvolumeclaims", PodCluster.Namespace, "claim-alice")!;
        Assert.Equal("10Gi", claim["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Equal(["ReadWriteOnce"], claim["spec"]!["accessModes"]!.AsArray().Select(m => m!.GetValue<string>()));
        var pod = cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice")!;
        Assert.Equal("claim-alice", pod["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        Assert.Null(pod["spec"]!["containers"]![0]!["volumeMounts"]![0]!["subPath"]);

        // No server answers here: the spawn fails at its timeout and its pod goes, but the home stays.
        await spawner.ReadProgressAsync("alice");
        await Poll.UntilAsync(() => cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is null, "the pod to go");
        Assert.Equal(claim["metadata"]!["uid"]!.GetValue<string>(),
            cluster.Emulator.Find("persistentvolumeclaims", PodCluster.Namespace, "claim-alice")!["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stop_deletes_the_pod_with_the_grace_period_and_waits_until_it_is_gone()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings());
        await spawner.StartReadyAsync(TestUsers.Alice);

        using (var response = await spawner.Hub.DeleteAsync("/api/servers/alice", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Poll.UntilAsync(async () => (await spawner.GetAsync("alice"))?.State == ServerState.Stopped, "the server to stop");
        Assert.Null(cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice"));
        Assert.Contains(cluster.Emulator.Requests, r => r.Method == "DELETE" && r.PathAndQuery == "/api/v1/namespaces/jupyter/pods/jupyter-alice");
    }

    [Fact]
    public async Task A_pod_name_held_by_another_users_pod_is_refused_and_that_pod_is_left_alone()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state, kubelet: false);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings(new() { ["Spawner:Kubernetes:PodNameTemplate"] = "lab-{username}" }));
        var taken = cluster.Emulator.Store.Create(Lakehouse.Kubernetes.Emulator.Store.ResourceInfo.Named("pods"), PodCluster.Namespace, JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"lab-alice","annotations":{"hub.jupyter.org/username":"someone-else"}},
             "spec":{"containers":[{"name":"notebook","image":"other"}]}}
            """)!.AsObject());

        using (var response = await spawner.StartAsync(TestUsers.Alice))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var events = await spawner.ReadProgressAsync("alice");
        Assert.True(events[^1].Failed);
        Assert.Contains("The pod name lab-alice is taken by the server of another user", events[^1].Message);
        Assert.Equal(ServerState.Failed, (await spawner.GetAsync("alice"))!.State);
        var still = cluster.Emulator.Find("pods", PodCluster.Namespace, "lab-alice")!;
        Assert.Equal(taken["metadata"]!["uid"]!.GetValue<string>(), still["metadata"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pod_whose_image_cannot_be_pulled_fails_the_spawn_with_the_reason_and_is_deleted()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state, kubelet: false);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings());
        using (await spawner.StartAsync(TestUsers.Alice))
        {
        }

        await Poll.UntilAsync(() => cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is not null, "the pod");
        cluster.Emulator.EmitPodEvent(PodCluster.Namespace, "jupyter-alice", "Failed", "Failed to pull image \"lakehouse-notebook:latest\"", "Warning");
        cluster.Emulator.Store.UpdateStatus(Lakehouse.Kubernetes.Emulator.Store.ResourceInfo.Named("pods"), PodCluster.Namespace, "jupyter-alice", status =>
            status["containerStatuses"] = JsonNode.Parse("""[{"name":"notebook","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}}}]"""));

        var events = await spawner.ReadProgressAsync("alice");
        Assert.Contains(events, e => e.Message == "Warning: Failed: Failed to pull image \"lakehouse-notebook:latest\"");
        Assert.Equal("The server's container cannot start: ImagePullBackOff: Back-off pulling image.", events[^1].Message);
        await Poll.UntilAsync(() => cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is null, "the failed pod to be deleted");
    }

    [Fact]
    public async Task A_pod_that_never_runs_fails_at_the_start_timeout_and_is_deleted()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state, kubelet: false);
        await using var spawner = new SpawnerApp(state, cluster.SpawnerSettings(new() { ["Spawner:StartTimeout"] = "00:00:02" }));
        using (await spawner.StartAsync(TestUsers.Alice))
        {
        }

        var events = await spawner.ReadProgressAsync("alice");

        Assert.Equal("The pod jupyter-alice did not run within the start timeout (2 s); it is Pending.", events[^1].Message);
        await Poll.UntilAsync(() => cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice") is null, "the pending pod to be deleted");
    }

    [Fact]
    public async Task A_restarted_spawner_without_its_records_takes_the_running_pods_back_from_their_labels()
    {
        using var state = new StateFolder();
        await using var cluster = await PodCluster.StartAsync(state);
        ServerStatus before;
        await using (var first = new SpawnerApp(state, cluster.SpawnerSettings()))
        {
            before = await first.StartReadyAsync(TestUsers.Alice);
        }

        // A spawner in a pod keeps no state folder: the next one knows only what the cluster says.
        Directory.Delete(Path.Combine(state.Path, "spawner"), recursive: true);
        await using var second = new SpawnerApp(state, cluster.SpawnerSettings());

        var after = (await second.GetAsync("alice"))!;
        Assert.Equal(ServerState.Running, after.State);
        Assert.Equal(before.Url, after.Url);
        Assert.Equal(before.Token, after.Token);
        Assert.NotNull(cluster.Emulator.Find("pods", PodCluster.Namespace, "jupyter-alice"));
    }
}
