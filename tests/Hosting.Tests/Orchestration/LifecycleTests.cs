using System.Net;
using System.Net.Sockets;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Tests.Orchestration;

public class LifecycleTests
{
    [Fact]
    public async Task Missing_program_fails_to_start_with_one_line_naming_it_and_the_install_hint()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("ghost", "lakehouse-no-such-program", host.WorkDirectory)
            .WithInstallHint("apt-get install -y lakehouse-ghost");
        await host.StartAsync();

        var snapshot = await host.WaitForStateAsync("ghost", KnownResourceStates.FailedToStart);

        const string reason = "program 'lakehouse-no-such-program' was not found; install it: apt-get install -y lakehouse-ghost";
        Assert.Equal(reason, snapshot.StateReason);
        Assert.Null(snapshot.ProcessId);
        Assert.Contains($"ghost is FailedToStart: {reason}", host.LogMessages);
    }

    [Fact]
    public async Task A_crash_is_Exited_with_its_code_and_a_clean_exit_is_Finished()
    {
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("crash", "sh", host.WorkDirectory, "-c", "echo failing; exit 3");
        host.Builder.AddExecutable("done", "sh", host.WorkDirectory, "-c", "exit 0");
        await host.StartAsync();

        var crashed = await host.WaitForStateAsync("crash", KnownResourceStates.Exited);
        var finished = await host.WaitForStateAsync("done", KnownResourceStates.Finished);

        Assert.Equal(3, crashed.ExitCode);
        Assert.NotNull(crashed.StopTime);
        Assert.Equal(0, finished.ExitCode);
        // No automatic restart: it stays Exited.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Equal(KnownResourceStates.Exited, host.Snapshot("crash").State);
    }

    [Fact]
    public async Task Busy_fixed_port_fails_to_start_naming_the_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("fixed", "sleep", host.WorkDirectory, "600").WithEndpoint("tcp", "tcp", port: port);
        await host.StartAsync();

        var snapshot = await host.WaitForStateAsync("fixed", KnownResourceStates.FailedToStart);

        Assert.Equal($"port {port} of endpoint 'tcp' is already in use", snapshot.StateReason);
    }

    [Fact]
    public async Task Before_start_callback_runs_after_port_allocation_and_a_throwing_one_fails_the_start()
    {
        await using var host = new TestAppHost();
        string? seenUrl = null;
        var good = host.Builder.AddExecutable("good", "sleep", host.WorkDirectory, "600").WithHttpEndpoint();
        good.OnBeforeStart(context =>
        {
            seenUrl = good.GetEndpoint("http").Url;
            File.WriteAllText(Path.Combine(context.DataDirectory, "config"), "seeded");
            return Task.CompletedTask;
        });
        host.Builder.AddExecutable("bad", "sleep", host.WorkDirectory, "600")
            .OnBeforeStart(_ => throw new InvalidOperationException("template 'slapd.ldif' is missing"));
        await host.StartAsync();

        var running = await host.WaitForStateAsync("good", KnownResourceStates.Running);
        var failed = await host.WaitForStateAsync("bad", KnownResourceStates.FailedToStart);

        Assert.Equal(running.Endpoints.Single().Url, seenUrl);
        Assert.Equal("seeded", File.ReadAllText(Path.Combine(host.StateDirectory, "resources", "good", "config")));
        Assert.Equal("template 'slapd.ldif' is missing", failed.StateReason);
    }

    [Fact]
    public async Task An_unexpected_error_while_starting_fails_the_resource_and_its_dependants_and_commands_still_work()
    {
        await using var host = new TestAppHost();
        var broken = host.Builder.AddExecutable("broken", "sleep", host.WorkDirectory, "600")
            .WithEnvironment(_ => throw new FormatException("'abc' is not a port"));
        host.Builder.AddExecutable("dependant", "sleep", host.WorkDirectory, "600").WaitFor(broken);
        await host.StartAsync();

        var failed = await host.WaitForStateAsync("broken", KnownResourceStates.FailedToStart);
        var dependant = await host.WaitForStateAsync("dependant", KnownResourceStates.FailedToStart);

        Assert.Equal("FormatException: 'abc' is not a port", failed.StateReason);
        Assert.Contains("broken", dependant.StateReason, StringComparison.Ordinal);
        await host.Monitor.ExecuteCommandAsync("broken", KnownResourceCommands.Restart, TestContext.Current.CancellationToken);
        Assert.Equal(KnownResourceStates.FailedToStart, (await host.WaitForStateAsync("broken", KnownResourceStates.FailedToStart)).State);
    }

    [Fact]
    public async Task Containers_are_not_started_and_values_are_not_resources_to_show()
    {
        await using var host = new TestAppHost();
        host.Builder.AddContainer("keycloak", "quay.io/keycloak/keycloak", "26.0");
        host.Builder.AddParameter("domain", "lakehouse.home");
        await host.StartAsync();

        var snapshot = Assert.Single(host.Monitor.GetSnapshots());

        Assert.Equal(("keycloak", "Container", KnownResourceStates.NotStarted, "published for the cluster only"),
            (snapshot.Name, snapshot.Type, snapshot.State, snapshot.StateReason));
    }

    [Fact]
    public async Task The_host_gives_shutdown_time_for_a_grace_period_per_dependency_level()
    {
        await using var host = new TestAppHost("--Lakehouse:Orchestrator:StopGracePeriod=00:00:20");
        var a = host.Builder.AddExecutable("a", "sleep", host.WorkDirectory, "600");
        var b = host.Builder.AddExecutable("b", "sleep", host.WorkDirectory, "600").WaitFor(a);
        host.Builder.AddExecutable("c", "sleep", host.WorkDirectory, "600").WaitFor(b);
        var app = host.Build();

        var shutdownTimeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        Assert.True(shutdownTimeout >= TimeSpan.FromSeconds(3 * 20), $"shutdown timeout {shutdownTimeout} is shorter than three grace periods");
    }
}
