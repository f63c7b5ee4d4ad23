using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class HealthTests
{
    private static IResourceBuilder<ExecutableResource> AddWebServer(TestAppHost host, string name)
    {
        var server = host.Builder.AddExecutable(name, "/usr/bin/python3", host.WorkDirectory, "-m", "http.server", "--bind", "127.0.0.1")
            .WithHttpEndpoint();
        return server.WithArgs(server.GetEndpoint("http").Property(EndpointProperty.Port));
    }

    [Fact]
    public async Task Checks_decide_health_separately_from_state()
    {
        await using var host = new TestAppHost();
        AddWebServer(host, "http-ok").WithHttpHealthCheck("/");
        AddWebServer(host, "http-404").WithHttpHealthCheck("/no-such-page");
        AddWebServer(host, "tcp-ok").WithTcpHealthCheck("http");
        host.Builder.AddExecutable("command-ok", "sleep", host.WorkDirectory, "600").WithCommandHealthCheck("sh", "-c", "exit 0");
        host.Builder.AddExecutable("command-fails", "sleep", host.WorkDirectory, "600").WithCommandHealthCheck("sh", "-c", "exit 1");
        host.Builder.AddExecutable("no-checks", "sleep", host.WorkDirectory, "600");
        await host.StartAsync();

        await host.WaitForHealthyAsync("http-ok");
        await host.WaitForHealthyAsync("tcp-ok");
        await host.WaitForHealthyAsync("command-ok");
        await host.WaitForHealthyAsync("no-checks");
        var notFound = await host.WaitForAsync("http-404", s => s is { State: KnownResourceStates.Running, Health: ResourceHealth.Unhealthy }, "Running (Unhealthy)");
        var failing = await host.WaitForAsync("command-fails", s => s.Health == ResourceHealth.Unhealthy, "Unhealthy");

        Assert.Equal("Running (Unhealthy)", notFound.DisplayState);
        Assert.Equal(KnownResourceStates.Running, failing.State);
        Assert.Contains("http-ok is Healthy", host.LogMessages);
    }

    [Fact]
    public async Task Health_becomes_Healthy_when_the_service_starts_answering()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("late", "sh", host.WorkDirectory, "-c", "sleep 3; exec /usr/bin/python3 -m http.server \"$PORT\" --bind 127.0.0.1")
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/");
        await host.StartAsync();

        await host.WaitForAsync("late", s => s is { State: KnownResourceStates.Running, Health: ResourceHealth.Unhealthy }, "Running (Unhealthy)");
        await host.WaitForHealthyAsync("late");
    }
}
