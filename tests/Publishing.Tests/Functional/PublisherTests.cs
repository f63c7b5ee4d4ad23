using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing;
using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Functional;

/// <summary>The publisher as the publish command runs it, writing real files; the Kubernetes output is checked with kubernetes-models.</summary>
public sealed class PublisherTests(KubernetesValidator validator)
{
    [Fact]
    public async Task Publishes_a_model_of_every_kind_whose_Kubernetes_objects_validate_and_whose_secrets_are_owner_only()
    {
        using var model = new PublishModel();
        var password = model.Builder.AddParameter("broker-password", secret: true);
        var broker = model.Builder.AddResource(new BrokerResource("broker", PublishModel.ToolsDirectory, password.Resource))
            .WithEndpoint("tcp", targetPort: 5672)
            .WithEndpoint("management", "http", targetPort: 15672)
            .WithHttpHealthCheck("/api/health/checks/alarms", endpointName: "management")
            .WithEnvironment("RABBITMQ_DEFAULT_PASS", password)
            .PublishAsContainer("rabbitmq", "3.13-management")
            .WithVolume("broker-data", "/var/lib/rabbitmq");
        var api = model.Builder.AddProject<ApiProject>("api").WithExternalHttpEndpoints();
        model.Builder.AddProject<WorkerProject>("worker")
            .WithReference(api)
            .WithReference(broker)
            .WithArgs("--queue", "jobs");
        model.Builder.AddContainer("keycloak", "quay.io/keycloak/keycloak", "26.0")
            .WithHttpEndpoint(targetPort: 8080)
            .WithArgs("start", "--import-realm");
        model.Builder.AddExecutable("local-tool", "lakehouse-tool", PublishModel.ToolsDirectory);

        await model.PublishAsync();

        var kubernetes = Path.Combine(model.Output.Path, "kubernetes");
        Assert.True(File.Exists(Path.Combine(model.Output.Path, "aspire-manifest.json")));
        Assert.True(File.Exists(Path.Combine(kubernetes, "broker", "statefulset.yaml")));
        Assert.False(Directory.Exists(Path.Combine(kubernetes, "local-tool")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(kubernetes, "worker", "secrets.yaml")));
        foreach (var file in Directory.EnumerateFiles(kubernetes, "*.yaml", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.DoesNotContain(TempDirectory.Root, text);
            Assert.DoesNotContain(RepositoryRoot.Path, text);
        }

        var validation = await validator.ValidateAsync(kubernetes, TestContext.Current.CancellationToken);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains("0 errors", validation.StandardOutput);
    }

    [Fact]
    public async Task A_kubernetes_folder_that_publish_did_not_write_is_left_alone_and_nothing_is_written()
    {
        using var model = new PublishModel();
        model.Builder.AddProject<ApiProject>("api");
        var foreign = Path.Combine(model.Output.Path, "kubernetes", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        await File.WriteAllTextAsync(foreign, "mine", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<PublishingException>(model.PublishAsync);

        Assert.Contains("was not written by publish", error.Message);
        Assert.Equal("mine", await File.ReadAllTextAsync(foreign, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(model.Output.Path, "aspire-manifest.json")));
    }

    [Fact]
    public async Task Publishing_again_replaces_the_previous_output_whole()
    {
        using var model = new PublishModel();
        model.Builder.AddProject<ApiProject>("api");
        await model.PublishAsync();
        var stale = Path.Combine(model.Output.Path, "kubernetes", "removed-resource", "deployment.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "kind: Deployment", TestContext.Current.CancellationToken);

        await model.PublishAsync();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(Path.Combine(model.Output.Path, "kubernetes", "api", "deployment.yaml")));
        Assert.Equal(["aspire-manifest.json", "kubernetes"], Directory.EnumerateFileSystemEntries(model.Output.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_parameter_without_a_value_fails_with_the_key_to_set_and_writes_nothing()
    {
        using var model = new PublishModel();
        var realm = model.Builder.AddParameter("realm");
        model.Builder.AddProject<ApiProject>("api").WithEnvironment("REALM", realm);

        var error = await Assert.ThrowsAsync<MissingParameterValueException>(model.PublishAsync);

        Assert.Contains("Parameters:realm", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(model.Output.Path));
    }
}
