using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class EnvironmentInjectionTests
{
    private const string Secret = "s3cr3t-token-value";

    private sealed class MissingProject : IProjectMetadata
    {
        public string ProjectPath => "/nonexistent/Missing/Missing.csproj";

        public string TargetPath => "/nonexistent/Missing/bin/Missing.dll";
    }

    [Fact]
    public async Task Executable_sees_referenced_endpoint_secret_parameter_and_its_own_port_and_the_secret_is_never_logged()
    {
        await using var host = new TestAppHost($"--Parameters:token={Secret}");
        var web = host.Builder.AddExecutable("web", "/usr/bin/python3", host.WorkDirectory).WithHttpEndpoint();
        web.WithArgs("-m", "http.server", web.GetEndpoint("http").Property(EndpointProperty.Port), "--bind", "127.0.0.1")
            .WithHttpHealthCheck("/");
        var token = host.Builder.AddParameter("token", secret: true);
        host.Builder.AddExecutable("client", "sh", host.WorkDirectory, "-c",
                "echo \"web=$services__web__http__0\"; echo \"token=$TOKEN\"; echo \"port=$PORT\"; exec sleep 600")
            .WithReference(web.GetEndpoint("http"))
            .WithEnvironment("TOKEN", token)
            .WithEndpoint("api", "tcp", env: "PORT");
        await host.StartAsync();

        var webUrl = host.Snapshot("web").Endpoints.Single().Url;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", webUrl);
        Assert.Equal(webUrl, await host.WaitForOutputAsync("client", "web="));
        Assert.Equal(Secret, await host.WaitForOutputAsync("client", "token="));
        var apiPort = new Uri(host.Snapshot("client").Endpoints.Single().Url).Port;
        Assert.Equal(apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), await host.WaitForOutputAsync("client", "port="));
        await host.WaitForHealthyAsync("web");

        Assert.DoesNotContain(host.LogMessages, m => m.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Monitor.GetSnapshots(), s => s.Name == "token");
    }

    [Fact]
    public async Task Project_gets_aspnetcore_urls_environment_name_and_opentelemetry_variables()
    {
        await using var host = new TestAppHost("--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317");
        var project = host.Builder.AddProject<MissingProject>("api").WithHttpEndpoint(name: "admin", env: "ADMIN_PORT");
        var app = host.Build();
        var endpoints = project.Resource.GetEndpoints().ToDictionary(e => e.Name);
        endpoints["http"].AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", 41001, "http");
        endpoints["admin"].AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", 41002, "http");

        var variables = app.Services.GetRequiredService<RunModeVariables>().For(project.Resource);
        var environment = await ResourceEnvironment.GetEnvironmentAsync(project.Resource, app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), TestContext.Current.CancellationToken);

        Assert.Equal("http://127.0.0.1:41001", variables["ASPNETCORE_URLS"]);
        Assert.Equal("41002", await ResourceEnvironment.ResolveValueAsync(environment["ADMIN_PORT"], TestContext.Current.CancellationToken));
        Assert.Equal("Development", variables["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", variables["DOTNET_ENVIRONMENT"]);
        Assert.Equal("api", variables["OTEL_SERVICE_NAME"]);
        Assert.Equal(host.StateDirectory, variables["LAKEHOUSE_STATE_DIR"]);
        Assert.StartsWith("service.instance.id=api-", variables["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:4317", variables["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", variables["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("1000", variables["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", variables["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", variables["OTEL_METRIC_EXPORT_INTERVAL"]);
    }

    [Fact]
    public async Task Project_follows_the_apphost_environment_and_sets_no_exporter_without_a_collector()
    {
        await using var host = new TestAppHost("--environment=Staging");
        var project = host.Builder.AddProject<MissingProject>("api");
        var app = host.Build();
        project.Resource.GetEndpoints().Single().AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", 41003, "http");

        var variables = app.Services.GetRequiredService<RunModeVariables>().For(project.Resource);

        Assert.Equal("Staging", variables["ASPNETCORE_ENVIRONMENT"]);
        Assert.False(variables.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public async Task Project_that_was_not_built_fails_to_start_saying_how_to_build_it()
    {
        await using var host = new TestAppHost();
        host.Builder.AddProject<MissingProject>("api");
        await host.StartAsync();

        var snapshot = await host.WaitForStateAsync("api", KnownResourceStates.FailedToStart);

        Assert.Equal("'/nonexistent/Missing/bin/Missing.dll' was not found; build it: dotnet build /nonexistent/Missing/Missing.csproj", snapshot.StateReason);
    }
}
