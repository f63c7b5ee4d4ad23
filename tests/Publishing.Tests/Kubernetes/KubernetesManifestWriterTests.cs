using System.Text.Json;
using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing;
using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Kubernetes;

public sealed class KubernetesManifestWriterTests
{
    private const string ConfiguredPassword = "configured-Pa55word-value";

    [Fact]
    public async Task Endpoint_expressions_resolve_to_in_cluster_service_names_and_ports()
    {
        using var model = new PublishModel();
        var api = model.Builder.AddProject<ApiProject>("api");
        var broker = model.Builder.AddContainer("queue", "rabbitmq", "3.13").WithEndpoint("amqp", port: 5672, targetPort: 5673);
        var apiHttp = api.GetEndpoint("http");
        model.Builder.AddProject<WorkerProject>("worker")
            .WithReference(api)
            .WithEnvironment("API_HOST", ReferenceExpression.Create($"{apiHttp.Property(EndpointProperty.Host)}"))
            .WithEnvironment("API_PORT", ReferenceExpression.Create($"{apiHttp.Property(EndpointProperty.Port)}"))
            .WithEnvironment("QUEUE_URL", broker.GetEndpoint("amqp"))
            .WithEnvironment("QUEUE_TARGET", ReferenceExpression.Create($"{broker.GetEndpoint("amqp").Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("LITERAL_BRACES", "{not.an.expression}");

        var files = await model.KubernetesFilesAsync();

        var config = PublishModel.Document(files, "worker/config.yaml")["data"]!;
        Assert.Equal("http://api-service:8080", (string?)config["services__api__http__0"]);
        Assert.Equal("api-service", (string?)config["API_HOST"]);
        Assert.Equal("8080", (string?)config["API_PORT"]);
        Assert.Equal("8080", (string?)config["HTTP_PORTS"]);
        Assert.Equal("tcp://queue-service:5672", (string?)config["QUEUE_URL"]);
        Assert.Equal("5673", (string?)config["QUEUE_TARGET"]);
        Assert.Equal("{not.an.expression}", (string?)config["LITERAL_BRACES"]);

        var queueService = PublishModel.Document(files, "queue/service.yaml");
        Assert.Equal("queue-service", (string?)queueService["metadata"]!["name"]);
        JsonAssert.Equal("""[{ "name": "amqp", "port": "5672", "targetPort": "5673", "protocol": "TCP" }]""", queueService["spec"]!["ports"]);
        // Strings that YAML would read as numbers or booleans are quoted, so the ConfigMap stays all strings.
        Assert.Contains("HTTP_PORTS: \"8080\"", files.Single(f => f.RelativePath == "worker/config.yaml").Content);
    }

    [Fact]
    public async Task Values_holding_a_secret_parameter_go_only_into_the_Secret()
    {
        using var model = new PublishModel($"--Parameters:db-password={ConfiguredPassword}");
        var password = model.Builder.AddParameter("db-password", secret: true);
        var database = model.Builder.AddContainer("postgres", "postgres", "17").WithEndpoint("tcp", targetPort: 5432);
        var connection = model.Builder.AddConnectionString("db", ReferenceExpression.Create(
            $"Host={database.GetEndpoint("tcp").Property(EndpointProperty.Host)};Password={password.Resource}"));
        var domain = model.Builder.AddParameter("domain", "lakehouse.test");
        model.Builder.AddProject<ApiProject>("api")
            .WithReference(connection)
            .WithEnvironment("DB_PASSWORD", password)
            .WithEnvironment("DOMAIN", domain);

        var files = await model.KubernetesFilesAsync();

        var secret = PublishModel.Document(files, "api/secrets.yaml");
        Assert.Equal("Secret", (string?)secret["kind"]);
        Assert.Equal("api-secrets", (string?)secret["metadata"]!["name"]);
        Assert.Equal($"Host=postgres-service;Password={ConfiguredPassword}", (string?)secret["stringData"]!["ConnectionStrings__db"]);
        Assert.Equal(ConfiguredPassword, (string?)secret["stringData"]!["DB_PASSWORD"]);
        Assert.Null(secret["stringData"]!["DOMAIN"]);
        Assert.Equal("lakehouse.test", (string?)PublishModel.Document(files, "api/config.yaml")["data"]!["DOMAIN"]);

        Assert.True(files.Single(f => f.RelativePath == "api/secrets.yaml").IsSensitive);
        Assert.All(
            files.Where(f => f.RelativePath != "api/secrets.yaml"),
            f => Assert.DoesNotContain(ConfiguredPassword, f.Content));

        var container = PublishModel.Document(files, "api/deployment.yaml")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        JsonAssert.Equal("""[{ "configMapRef": { "name": "api-config" } }, { "secretRef": { "name": "api-secrets" } }]""", container["envFrom"]);
    }

    [Fact]
    public async Task A_generated_secret_is_kept_in_the_state_folder_and_stays_the_same_across_publishes()
    {
        using var model = new PublishModel();
        var password = model.Builder.AddParameter("admin-password", secret: true);
        model.Builder.AddContainer("keycloak", "quay.io/keycloak/keycloak", "26.0")
            .WithHttpEndpoint(targetPort: 8080)
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", password);

        var first = PublishModel.Document(await model.KubernetesFilesAsync(), "keycloak/secrets.yaml");
        var second = PublishModel.Document(await model.KubernetesFilesAsync(), "keycloak/secrets.yaml");

        var generated = (string?)first["stringData"]!["KC_BOOTSTRAP_ADMIN_PASSWORD"];
        Assert.False(string.IsNullOrEmpty(generated));
        Assert.True(generated.Length >= 22);
        Assert.Equal(generated, (string?)second["stringData"]!["KC_BOOTSTRAP_ADMIN_PASSWORD"]);
        var state = JsonSerializer.Deserialize<Dictionary<string, string>>(
            await File.ReadAllTextAsync(Path.Combine(model.State.Path, "parameters.json"), TestContext.Current.CancellationToken));
        Assert.Equal(generated, state!["admin-password"]);
    }

    [Fact]
    public async Task Projects_get_their_image_probes_on_the_http_port_and_a_restricted_security_context()
    {
        using var model = new PublishModel("--Publish:ContainerRegistry=registry.test:5000/lakehouse", "--Publish:ContainerTag=1.2.3");
        model.Builder.AddProject<ApiProject>("api");

        var files = await model.KubernetesFilesAsync();

        var deployment = PublishModel.Document(files, "api/deployment.yaml");
        Assert.Equal("Deployment", (string?)deployment["kind"]);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        JsonAssert.Equal("""{ "runAsNonRoot": "true", "seccompProfile": { "type": "RuntimeDefault" } }""", pod["securityContext"]);
        var container = pod["containers"]![0]!;
        Assert.Equal("registry.test:5000/lakehouse/api:1.2.3", (string?)container["image"]);
        JsonAssert.Equal("""[{ "name": "http", "containerPort": "8080", "protocol": "TCP" }]""", container["ports"]);
        Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("8080", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("8080", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        JsonAssert.Equal(
            """{ "allowPrivilegeEscalation": "false", "runAsNonRoot": "true", "capabilities": { "drop": ["ALL"] } }""",
            container["securityContext"]);
        JsonAssert.Equal(
            """
            {
              "app.kubernetes.io/name": "api",
              "app.kubernetes.io/component": "project",
              "app.kubernetes.io/instance": "lakehouse",
              "app.kubernetes.io/part-of": "lakehouse"
            }
            """,
            deployment["metadata"]!["labels"]);
        var service = PublishModel.Document(files, "api/service.yaml");
        JsonAssert.Equal(deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), service["spec"]!["selector"]);
    }

    [Fact]
    public async Task Resources_with_volumes_or_a_connection_string_are_StatefulSets_with_claims()
    {
        using var model = new PublishModel();
        var password = model.Builder.AddParameter("broker-password", secret: true);
        model.Builder.AddResource(new BrokerResource("broker", PublishModel.ToolsDirectory, password.Resource))
            .WithArgs("--local-only")
            .WithEndpoint("tcp", targetPort: 5672)
            .WithTcpHealthCheck("tcp")
            .PublishAsContainer("rabbitmq", "3.13", "--cluster-mode")
            .WithVolume("broker-data", "/var/lib/rabbitmq");
        model.Builder.AddContainer("cache", "valkey/valkey", "8").WithEndpoint("tcp", targetPort: 6379);

        var files = await model.KubernetesFilesAsync();

        Assert.DoesNotContain(files, f => f.RelativePath == "broker/deployment.yaml");
        var statefulSet = PublishModel.Document(files, "broker/statefulset.yaml");
        Assert.Equal("StatefulSet", (string?)statefulSet["kind"]);
        Assert.Equal("broker-service", (string?)statefulSet["spec"]!["serviceName"]);
        var claim = statefulSet["spec"]!["volumeClaimTemplates"]![0]!;
        Assert.Equal("broker-data", (string?)claim["metadata"]!["name"]);
        JsonAssert.Equal("""["ReadWriteOnce"]""", claim["spec"]!["accessModes"]);
        Assert.Equal("1Gi", (string?)claim["spec"]!["resources"]!["requests"]!["storage"]);
        var container = statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("rabbitmq:3.13", (string?)container["image"]);
        JsonAssert.Equal("""["--cluster-mode"]""", container["args"]);
        JsonAssert.Equal("""[{ "name": "broker-data", "mountPath": "/var/lib/rabbitmq" }]""", container["volumeMounts"]);
        Assert.Equal("5672", (string?)container["readinessProbe"]!["tcpSocket"]!["port"]);

        Assert.Equal("Deployment", (string?)PublishModel.Document(files, "cache/deployment.yaml")["kind"]);
    }

    [Fact]
    public async Task Parameters_values_and_executables_without_an_image_are_not_deployed_and_the_kustomization_lists_every_file()
    {
        using var model = new PublishModel();
        model.Builder.AddParameter("domain", "lakehouse.test");
        model.Builder.AddConnectionString("external-db", ReferenceExpression.Create($"Host=db.lakehouse.test"));
        model.Builder.AddExecutable("local-tool", "lakehouse-tool", PublishModel.ToolsDirectory);
        model.Builder.AddProject<ApiProject>("api");

        var files = await model.KubernetesFilesAsync();

        Assert.Equal(
            ["api/serviceaccount.yaml", "api/deployment.yaml", "api/service.yaml", "api/config.yaml", "kustomization.yaml"],
            files.Select(f => f.RelativePath));
        var kustomization = PublishModel.Document(files, "kustomization.yaml");
        Assert.Equal("Kustomization", (string?)kustomization["kind"]);
        JsonAssert.Equal("""["api/serviceaccount.yaml", "api/deployment.yaml", "api/service.yaml", "api/config.yaml"]""", kustomization["resources"]);
    }

    [Fact]
    public async Task Referencing_a_resource_that_is_not_deployed_is_a_clear_error()
    {
        using var model = new PublishModel();
        var tool = model.Builder.AddExecutable("local-tool", "lakehouse-tool", PublishModel.ToolsDirectory).WithHttpEndpoint(port: 9000);
        model.Builder.AddProject<ApiProject>("api").WithEnvironment("TOOL_URL", tool.GetEndpoint("http"));

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'local-tool'", error.Message);
        Assert.Contains("PublishAsContainer", error.Message);
    }

    [Fact]
    public async Task A_secret_in_an_argument_is_refused_because_pod_specs_are_not_secret()
    {
        using var model = new PublishModel();
        var token = model.Builder.AddParameter("token", secret: true);
        model.Builder.AddContainer("proxy", "lakehouse/proxy", "1").WithArgs("--token", token.Resource);

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("'proxy'", error.Message);
        Assert.Contains("environment variable", error.Message);
    }

    [Fact]
    public async Task An_endpoint_without_a_port_for_the_cluster_is_a_clear_error()
    {
        using var model = new PublishModel();
        model.Builder.AddContainer("mystery", "lakehouse/mystery", "1").WithEndpoint("tcp");

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains("Endpoint 'tcp' of 'mystery'", error.Message);
        Assert.Contains("targetPort", error.Message);
    }

    [Theory]
    [InlineData("--Publish:ContainerTag=no spaces", "Publish:ContainerTag")]
    [InlineData("--Publish:ContainerRegistry=https://registry.test", "Publish:ContainerRegistry")]
    [InlineData("--Publish:VolumeSize=lots", "Publish:VolumeSize")]
    public async Task Bad_publishing_configuration_names_the_key_to_fix(string setting, string key)
    {
        using var model = new PublishModel(setting);
        model.Builder.AddProject<ApiProject>("api");

        var error = await Assert.ThrowsAsync<PublishingException>(model.KubernetesFilesAsync);

        Assert.Contains($"'{key}'", error.Message);
    }
}
