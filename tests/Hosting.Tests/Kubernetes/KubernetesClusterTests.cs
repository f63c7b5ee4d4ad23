using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Kubernetes;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Hosting.Tests.Kubernetes;

/// <summary><c>--kube-context</c>: what a service that works against a cluster from this machine gets in its environment.</summary>
public sealed class KubernetesClusterTests
{
    [Fact]
    public async Task Run_mode_passes_the_kubeconfig_as_an_absolute_path_with_the_context_and_namespace()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run, "--kube-context", "kind-lakehouse", "--kube-namespace", "jupyter", "--kubeconfig", "clusters/kind.yaml");
        var cluster = KubernetesCluster.FromConfiguration(builder.Configuration)!;
        var service = builder.AddExecutable("svc", "/bin/true", state.Path).WithKubernetesCluster(cluster);

        var environment = await ResourceEnvironment.GetEnvironmentAsync(service.Resource, builder.ExecutionContext, TestContext.Current.CancellationToken);

        Assert.Equal(Path.GetFullPath("clusters/kind.yaml"), environment["Kubernetes__Kubeconfig"]);
        Assert.Equal("kind-lakehouse", environment["Kubernetes__Context"]);
        Assert.Equal("jupyter", environment["Kubernetes__Namespace"]);
    }

    [Fact]
    public async Task Without_a_namespace_the_contexts_own_is_used_and_publish_mode_adds_nothing()
    {
        using var state = new TemporaryStateDirectory();
        var run = state.CreateBuilder(DistributedApplicationOperation.Run, "--kube-context=kind-lakehouse");
        var cluster = KubernetesCluster.FromConfiguration(run.Configuration)!;
        Assert.Null(cluster.Namespace);
        Assert.True(Path.IsPathFullyQualified(cluster.Kubeconfig));

        var publish = state.CreateBuilder(DistributedApplicationOperation.Publish);
        var service = publish.AddExecutable("svc", "/bin/true", state.Path).WithKubernetesCluster(cluster);
        var environment = await ResourceEnvironment.GetEnvironmentAsync(service.Resource, publish.ExecutionContext, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(environment.Keys, k => k.StartsWith("Kubernetes__", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_context_there_is_no_cluster()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run, "--kube-namespace", "jupyter");

        Assert.Null(KubernetesCluster.FromConfiguration(builder.Configuration));
    }
}
