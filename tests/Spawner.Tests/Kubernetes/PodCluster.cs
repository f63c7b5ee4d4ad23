using Lakehouse.Kubernetes.Emulator;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Kubernetes;

/// <summary>
/// A test's cluster: the API emulator, a kubeconfig for it (context <c>test</c>, namespace <see cref="Namespace"/>),
/// a local kubelet running the pods' Jupyter servers, and the spawner settings that select the pod backend.
/// </summary>
internal sealed class PodCluster : IAsyncDisposable
{
    public const string Namespace = "jupyter";

    private PodCluster(KubernetesApiEmulator emulator, LocalKubelet? kubelet, string kubeconfig, int serverPort)
    {
        (Emulator, Kubelet, Kubeconfig, ServerPort) = (emulator, kubelet, kubeconfig, serverPort);
    }

    public KubernetesApiEmulator Emulator { get; }

    public LocalKubelet? Kubelet { get; }

    public string Kubeconfig { get; }

    public int ServerPort { get; }

    public static async Task<PodCluster> StartAsync(StateFolder state, bool kubelet = true, bool runContainers = true)
    {
        var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { UseTls = true, BearerToken = "emulator-token-for-spawner-tests" });
        var kubeconfig = Path.Combine(state.Path, "kubeconfig");
        emulator.WriteKubeconfig(kubeconfig, "test", Namespace);
        return new PodCluster(emulator, kubelet ? new LocalKubelet(emulator, Namespace, state.Path, runContainers) : null, kubeconfig, LocalKubelet.FreePort());
    }

    public Dictionary<string, string?> SpawnerSettings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Spawner:Backend"] = "kubernetes",
            ["Kubernetes:Kubeconfig"] = Kubeconfig,
            ["Kubernetes:Context"] = "test",
            ["Spawner:Kubernetes:ServerPort"] = ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Spawner:Kubernetes:StatusPollInterval"] = "00:00:00.100",
            ["Spawner:Kubernetes:SparkMasterUrl"] = "spark://spark-master-svc.spark:7077",
            ["Spawner:StopGracePeriod"] = "00:00:03",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        if (Kubelet is not null)
        {
            await Kubelet.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
