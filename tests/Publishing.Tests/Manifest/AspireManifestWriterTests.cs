using System.Text.Json.Nodes;
using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing;
using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Manifest;

public sealed class AspireManifestWriterTests : IDisposable
{
    private readonly PublishModel _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task Writes_schema_and_resources_in_declaration_order_with_two_space_indent_and_a_trailing_newline()
    {
        _model.Builder.AddProject<WorkerProject>("worker");
        _model.Builder.AddParameter("domain", "lakehouse.test");
        _model.Builder.AddProject<ApiProject>("api");

        var text = await _model.ManifestTextAsync();

        Assert.StartsWith("{\n  \"$schema\": \"https://json.schemastore.org/aspire-8.0.json\",\n  \"resources\": {\n    \"worker\": {\n", text);
        Assert.EndsWith("\n}\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Equal(["worker", "domain", "api"], JsonNode.Parse(text)!["resources"]!.AsObject().Select(p => p.Key));
        Assert.Equal(text, await _model.ManifestTextAsync());
    }

    [Fact]
    public async Task A_project_has_its_csproj_relative_to_the_manifest_its_env_expressions_args_and_bindings()
    {
        var api = _model.Builder.AddProject<ApiProject>("api").WithExternalHttpEndpoints();
        _model.Builder.AddProject<WorkerProject>("worker")
            .WithReference(api)
            .WithArgs("--mode", "worker");

        var resources = await _model.ManifestResourcesAsync();

        JsonAssert.Equal(
            """
            {
              "type": "project.v0",
              "path": "../services/Worker/Worker.csproj",
              "args": ["--mode", "worker"],
              "env": {
                "OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES": "true",
                "OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES": "true",
                "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY": "in_memory",
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED": "true",
                "HTTP_PORTS": "{worker.bindings.http.targetPort}",
                "services__api__http__0": "{api.bindings.http.url}"
              },
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http" }
              }
            }
            """,
            resources["worker"]);
        JsonAssert.Equal("""{ "scheme": "http", "protocol": "tcp", "transport": "http", "external": true }""", resources["api"]!["bindings"]!["http"]);
        Assert.Null(resources["api"]!["args"]);
    }

    [Fact]
    public async Task Parameters_write_their_input_with_the_secret_flag_and_their_default()
    {
        _model.Builder.AddParameter("admin-password", secret: true);
        _model.Builder.AddParameter("domain", "lakehouse.test");
        _model.Builder.AddParameter("realm");
        _model.Builder.AddParameter("token", new GenerateParameterDefault(MinLength: 32, Upper: false, Special: true), secret: true);

        var resources = await _model.ManifestResourcesAsync();

        JsonAssert.Equal(
            """
            {
              "type": "parameter.v0",
              "value": "{admin-password.inputs.value}",
              "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22, "special": false } } } }
            }
            """,
            resources["admin-password"]);
        JsonAssert.Equal(
            """{ "type": "parameter.v0", "value": "{domain.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "lakehouse.test" } } } }""",
            resources["domain"]);
        JsonAssert.Equal(
            """{ "type": "parameter.v0", "value": "{realm.inputs.value}", "inputs": { "value": { "type": "string" } } }""",
            resources["realm"]);
        JsonAssert.Equal("""{ "generate": { "minLength": 32, "upper": false } }""", resources["token"]!["inputs"]!["value"]!["default"]);
    }

    [Fact]
    public async Task A_connection_string_is_a_value_resource_and_references_write_its_expression()
    {
        var password = _model.Builder.AddParameter("db-password", secret: true);
        var database = _model.Builder.AddContainer("postgres", "postgres", "17").WithEndpoint("tcp", targetPort: 5432);
        var endpoint = database.GetEndpoint("tcp");
        var connection = _model.Builder.AddConnectionString("db", ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Password={password.Resource}"));
        _model.Builder.AddProject<ApiProject>("api").WithReference(connection);

        var resources = await _model.ManifestResourcesAsync();

        JsonAssert.Equal(
            """{ "type": "value.v0", "connectionString": "Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Password={db-password.value}" }""",
            resources["db"]);
        Assert.Equal("{db.connectionString}", (string?)resources["api"]!["env"]!["ConnectionStrings__db"]);
    }

    [Fact]
    public async Task A_container_has_its_image_args_env_and_bindings()
    {
        var password = _model.Builder.AddParameter("admin-password", secret: true);
        _model.Builder.AddContainer("keycloak", "quay.io/keycloak/keycloak", "26.0")
            .WithHttpEndpoint(targetPort: 8080)
            .WithEndpoint("management", "http", port: 9000, targetPort: 9000)
            .WithArgs("start", "--import-realm")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", password);

        var resources = await _model.ManifestResourcesAsync();

        JsonAssert.Equal(
            """
            {
              "type": "container.v0",
              "image": "quay.io/keycloak/keycloak:26.0",
              "args": ["start", "--import-realm"],
              "env": { "KC_BOOTSTRAP_ADMIN_USERNAME": "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD": "{admin-password.value}" },
              "bindings": {
                "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "targetPort": 8080 },
                "management": { "scheme": "http", "protocol": "tcp", "transport": "http", "port": 9000, "targetPort": 9000 }
              }
            }
            """,
            resources["keycloak"]);
    }

    [Fact]
    public async Task An_executable_has_its_command_working_directory_relative_to_the_manifest_args_env_and_bindings()
    {
        var api = _model.Builder.AddProject<ApiProject>("api");
        _model.Builder.AddExecutable("indexer", "lakehouse-indexer", PublishModel.ToolsDirectory, "--verbose")
            .WithHttpEndpoint(port: 9100, env: "PORT")
            .WithEnvironment("HUB_URL", api.GetEndpoint("http"));

        var resources = await _model.ManifestResourcesAsync();

        JsonAssert.Equal(
            """
            {
              "type": "executable.v0",
              "workingDirectory": "../tools",
              "command": "lakehouse-indexer",
              "args": ["--verbose"],
              "env": { "PORT": "{indexer.bindings.http.targetPort}", "HUB_URL": "{api.bindings.http.url}" },
              "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http", "port": 9100 } }
            }
            """,
            resources["indexer"]);
    }

    [Fact]
    public async Task An_executable_published_as_a_container_is_a_container_with_its_image_container_args_volumes_and_connection_string()
    {
        var password = _model.Builder.AddParameter("broker-password", secret: true);
        _model.Builder.AddResource(new BrokerResource("broker", PublishModel.ToolsDirectory, password.Resource))
            .WithArgs("--local-config", "/somewhere/local.conf")
            .WithEndpoint("tcp", targetPort: 5672)
            .WithEnvironment("BROKER_PASSWORD", password)
            .PublishAsContainer("rabbitmq", "3.13-management", "--cluster-mode")
            .WithVolume("broker-data", "/var/lib/rabbitmq");

        var resources = await _model.ManifestResourcesAsync();

        // The local arguments name local files, so the container gets its own; no command or working directory.
        JsonAssert.Equal(
            """
            {
              "type": "container.v0",
              "connectionString": "amqp://lakehouse:{broker-password.value}@{broker.bindings.tcp.host}:{broker.bindings.tcp.port}",
              "image": "rabbitmq:3.13-management",
              "args": ["--cluster-mode"],
              "env": { "BROKER_PASSWORD": "{broker-password.value}" },
              "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5672 } },
              "volumes": [ { "name": "broker-data", "target": "/var/lib/rabbitmq", "readOnly": false } ]
            }
            """,
            resources["broker"]);
    }

    [Fact]
    public async Task An_executable_published_as_a_container_without_container_args_has_none()
    {
        _model.Builder.AddExecutable("ganesha", "ganesha.nfsd", PublishModel.ToolsDirectory, "-F", "-f", "/local/ganesha.conf")
            .WithEndpoint("nfs", targetPort: 2049)
            .PublishAsContainer("lakehouse/nfs-ganesha", "4.3");

        var resources = await _model.ManifestResourcesAsync();

        Assert.Equal("container.v0", (string?)resources["ganesha"]!["type"]);
        Assert.Equal("lakehouse/nfs-ganesha:4.3", (string?)resources["ganesha"]!["image"]);
        Assert.Null(resources["ganesha"]!["args"]);
    }

    [Fact]
    public async Task A_resource_of_unknown_kind_is_a_clear_error()
    {
        _model.Builder.AddResource(new OddResource("odd"));

        var error = await Assert.ThrowsAsync<PublishingException>(_model.ManifestTextAsync);

        Assert.Contains("'odd'", error.Message);
        Assert.Contains("no manifest form", error.Message);
    }

    private sealed class OddResource(string name) : Resource(name);
}
