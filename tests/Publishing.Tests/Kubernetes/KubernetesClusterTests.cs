using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing;
using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Kubernetes;

/// <summary>The cluster verbs of the hosting layer, on small models: what they write and what they refuse.</summary>
public sealed class KubernetesClusterTests
{
    [Fact]
    public async Task A_Role_without_a_namespace_goes_into_the_platforms_and_binds_the_resources_own_ServiceAccount()
    {
        using var model = new PublishModel("--Parameters:namespace=team-a");
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace"));
        model.Builder.AddProject<ApiProject>("api").WithKubernetesRole(null, KubernetesPolicyRule.Core("configmaps", "get"));
        model.Builder.AddProject<WorkerProject>("worker");

        var files = await model.KubernetesFilesAsync();

        Assert.Equal("Namespace", (string?)PublishModel.Document(files, "cluster/namespace-team-a.yaml")["kind"]);
        var role = PublishModel.Document(files, "api/role-team-a.yaml");
        Assert.Equal("team-a", (string?)role["metadata"]!["namespace"]);
        JsonAssert.Equal("""[{ "apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"] }]""", role["rules"]);
        JsonAssert.Equal(
            """[{ "kind": "ServiceAccount", "name": "api", "namespace": "team-a" }]""",
            PublishModel.Document(files, "api/rolebinding-team-a.yaml")["subjects"]);
        Assert.Equal("true", (string?)PublishModel.Document(files, "api/serviceaccount.yaml")["automountServiceAccountToken"]);
        Assert.Equal("false", (string?)PublishModel.Document(files, "worker/serviceaccount.yaml")["automountServiceAccountToken"]);
        Assert.DoesNotContain(files, f => f.RelativePath.StartsWith("worker/role", StringComparison.Ordinal));
        Assert.All(files.Where(f => f.RelativePath != "kustomization.yaml" && !f.RelativePath.StartsWith("cluster/", StringComparison.Ordinal)),
            f => Assert.Equal("team-a", (string?)Yaml.Parse(f.Content)["metadata"]!["namespace"]));
    }

    [Fact]
    public async Task A_Role_needs_a_Kubernetes_environment_for_its_ServiceAccounts_namespace()
    {
        using var model = new PublishModel();
        model.Builder.AddProject<ApiProject>("api").WithKubernetesRole(null, KubernetesPolicyRule.Core("pods", "get"));

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'api'", error.Message);
        Assert.Contains("AddKubernetesEnvironment", error.Message);
    }

    [Theory]
    [InlineData("", "pods", "*")]
    [InlineData("", "pods", "escalate")]
    [InlineData("", "*", "get")]
    [InlineData("*", "pods", "get")]
    public async Task Role_rules_with_wildcards_or_unknown_verbs_are_refused(string apiGroup, string resource, string verb)
    {
        using var model = new PublishModel();
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", "lakehouse"));
        model.Builder.AddProject<ApiProject>("api").WithKubernetesRole(null, KubernetesPolicyRule.For(apiGroup, resource, verb));

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("wildcards are never granted", error.Message);
    }

    [Theory]
    [InlineData("--Parameters:namespace=Not_A_Name", "'Not_A_Name'")]
    [InlineData("--Parameters:size=lots", "'lots'")]
    public async Task Values_that_cannot_be_Kubernetes_names_or_sizes_are_refused_with_the_value(string setting, string shown)
    {
        using var model = new PublishModel(setting);
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", "lakehouse"));
        model.Builder.AddContainer("store", "lakehouse/store", "1").WithPersistentVolumeClaim("store-data", "/data", model.Builder.AddParameter("size", "1Gi"));

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains(shown, error.Message);
    }

    [Fact]
    public async Task A_secret_parameter_is_never_written_into_an_object_spec()
    {
        using var model = new PublishModel();
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", secret: true));
        model.Builder.AddProject<ApiProject>("api");

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("{namespace.value}", error.Message);
    }

    [Fact]
    public async Task A_claim_of_its_own_makes_the_Deployment_replace_its_pod_instead_of_running_two()
    {
        using var model = new PublishModel();
        model.Builder.AddContainer("store", "lakehouse/store", "1").WithPersistentVolumeClaim("store-data", "/data", model.Builder.AddParameter("size", "3Gi"));

        var files = await model.KubernetesFilesAsync();

        var claim = PublishModel.Document(files, "store/claim-store-data.yaml");
        JsonAssert.Equal("""{ "accessModes": ["ReadWriteOnce"], "resources": { "requests": { "storage": "3Gi" } } }""", claim["spec"]);
        var deployment = PublishModel.Document(files, "store/deployment.yaml");
        Assert.Equal("Recreate", (string?)deployment["spec"]!["strategy"]!["type"]);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        JsonAssert.Equal("""[{ "name": "store-data", "persistentVolumeClaim": { "claimName": "store-data" } }]""", pod["volumes"]);
        JsonAssert.Equal("""[{ "name": "store-data", "mountPath": "/data" }]""", pod["containers"]![0]!["volumeMounts"]);
    }

    [Fact]
    public async Task A_DaemonSet_cannot_have_volumes_of_its_own()
    {
        using var model = new PublishModel();
        model.Builder.AddContainer("agent", "lakehouse/agent", "1").PublishAsDaemonSet().WithVolume("agent-data", "/data");

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'agent'", error.Message);
        Assert.Contains("host path", error.Message);
    }

    [Fact]
    public async Task Two_volumes_at_one_path_are_refused()
    {
        using var model = new PublishModel();
        model.Builder.AddContainer("agent", "lakehouse/agent", "1")
            .WithHostPathMount("/var/log", "/logs")
            .WithVolumeClaimMount("shared", "/logs");

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'/logs'", error.Message);
    }

    [Fact]
    public void Paths_in_a_pod_must_be_absolute_and_stay_where_they_point()
    {
        using var model = new PublishModel();
        var agent = model.Builder.AddContainer("agent", "lakehouse/agent", "1");

        Assert.Throws<ArgumentException>(() => agent.WithHostPathMount("var/log", "/logs"));
        Assert.Throws<ArgumentException>(() => agent.WithVolumeClaimMount("shared", "/data/../etc"));
        Assert.Throws<ArgumentException>(() => agent.WithConfigFile("agent.conf", "x"));
        Assert.Empty(agent.Resource.Annotations.OfType<HostPathMountAnnotation>());
    }

    [Fact]
    public async Task A_gateway_route_needs_a_gateway()
    {
        using var model = new PublishModel();
        var cluster = model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", "lakehouse"));
        model.Builder.AddProject<ApiProject>("api").WithGatewayRoute(cluster, "http", ReferenceExpression.Create($"api.lakehouse.test"));

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("WithIstioGateway", error.Message);
    }

    [Fact]
    public async Task A_NetworkPolicy_for_pods_that_are_not_deployed_is_refused()
    {
        using var model = new PublishModel();
        var tool = model.Builder.AddExecutable("local-tool", "lakehouse-tool", PublishModel.ToolsDirectory);
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", "lakehouse"))
            .WithNetworkPolicy("tool", tool, policy => policy.AllowFromSameNamespace());

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'local-tool' is not deployed", error.Message);
    }

    [Fact]
    public async Task The_Kubernetes_environment_has_no_entry_in_the_Aspire_manifest()
    {
        using var model = new PublishModel();
        model.Builder.AddKubernetesEnvironment("cluster", model.Builder.AddParameter("namespace", "lakehouse"));

        var resources = await model.ManifestResourcesAsync();

        Assert.Equal(["namespace"], resources.Select(r => r.Key));
    }

    [Fact]
    public async Task A_PostgreSQL_database_gives_its_clients_an_Npgsql_connection_string_and_is_created_by_the_image()
    {
        using var model = new PublishModel("--Parameters:postgres-password=configured-Pa55word");
        var database = model.Builder.AddPostgres("postgres").AddDatabase("appdb");
        model.Builder.AddProject<ApiProject>("api").WithReference(database);

        var files = await model.KubernetesFilesAsync();

        Assert.Equal(
            "Host=postgres-service;Port=5432;Username=postgres;Password=configured-Pa55word;Database=appdb",
            (string?)PublishModel.Document(files, "api/secrets.yaml")["stringData"]!["ConnectionStrings__appdb"]);
        Assert.Equal("appdb", (string?)PublishModel.Document(files, "postgres/config.yaml")["data"]!["POSTGRES_DB"]);
        Assert.Equal("StatefulSet", (string?)PublishModel.Document(files, "postgres/statefulset.yaml")["kind"]);
        var manifest = await model.ManifestResourcesAsync();
        Assert.Equal("{postgres.connectionString};Database=appdb", (string?)manifest["appdb"]!["connectionString"]);
    }

    [Fact]
    public void A_second_PostgreSQL_database_and_a_database_name_that_needs_quoting_are_refused()
    {
        using var model = new PublishModel();
        var postgres = model.Builder.AddPostgres("postgres");

        Assert.Throws<ArgumentException>(() => postgres.AddDatabase("bad", "app db; DROP"));
        postgres.AddDatabase("appdb");
        var error = Assert.Throws<DistributedApplicationException>(() => postgres.AddDatabase("otherdb"));
        Assert.Contains("one database per server", error.Message);
    }
}
