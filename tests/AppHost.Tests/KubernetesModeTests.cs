using System.Text.Json.Nodes;
using Lakehouse.Kubernetes.Emulator;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.AppHost.Tests;

/// <summary>
/// <c>dotnet run --project AppHost -- --kube-context NAME</c> against the API emulator (no cluster runs here): the
/// services run locally, the spawner makes pods in the cluster and the route controller their lab objects.
/// </summary>
public sealed class KubernetesModeTests
{
    [Fact]
    public async Task With_a_kube_context_servers_become_pods_in_that_cluster_with_their_Service_and_VirtualService()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { UseTls = true, BearerToken = "apphost-test-token-for-the-emulator" });
        var folder = Directory.CreateTempSubdirectory("lakehouse-kubeconfig-");
        try
        {
            var kubeconfig = Path.Combine(folder.FullName, "config");
            emulator.WriteKubeconfig(kubeconfig, "kind-lakehouse", "default");
            await using var appHost = new AppHostProcess(["--kube-context", "kind-lakehouse", "--kube-namespace", "jupyter", "--kubeconfig", kubeconfig]);
            await appHost.InitializeAsync();

            using var bob = await appHost.LogInAsync("bob", cancellationToken);
            using var operatorApi = await appHost.CreateOperatorClientAsync(cancellationToken);
            (await operatorApi.PostAsync("hub/api/users/bob/server", null, cancellationToken)).Dispose();

            await Poll.UntilAsync(() => emulator.Find("pods", "jupyter", "jupyter-bob") is not null, "bob's pod in namespace jupyter", AppHostProcess.Timeout);
            var pod = emulator.Find("pods", "jupyter", "jupyter-bob")!;
            Assert.Equal("bob", pod["metadata"]!["annotations"]!["hub.jupyter.org/username"]!.GetValue<string>());
            Assert.Equal("bob-lab.jupyter.svc.cluster.local", ((JsonArray)pod["spec"]!["containers"]![0]!["env"]!)
                .Single(e => e!["name"]!.GetValue<string>() == "SPARK_DRIVER_HOST")!["value"]!.GetValue<string>());
            await Poll.UntilAsync(
                () => emulator.Find("services", "jupyter", "bob-lab") is not null && emulator.Find("virtualservices.networking.istio.io", "jupyter", "lab-vs-bob") is not null,
                "bob's Service and VirtualService",
                AppHostProcess.Timeout);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
