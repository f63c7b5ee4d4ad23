using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Tests.Orchestration;

/// <summary>The loopback ports endpoints get when the AppHost chooses them.</summary>
public class PortAllocationTests
{
    [Fact]
    public async Task Endpoints_get_ports_below_the_kernels_ephemeral_range_so_no_outgoing_connection_can_take_one_during_a_restart()
    {
        var (ephemeralFirst, _) = EphemeralRange();
        await using var host = new TestAppHost();
        host.Builder.AddExecutable("web", "sleep", host.WorkDirectory, "600").WithHttpEndpoint().WithEndpoint("admin", "tcp");
        host.Builder.AddExecutable("db", "sleep", host.WorkDirectory, "600").WithEndpoint("tcp", "tcp");
        await host.StartAsync();

        var web = await host.WaitForStateAsync("web", KnownResourceStates.Running);
        var db = await host.WaitForStateAsync("db", KnownResourceStates.Running);
        var ports = web.Endpoints.Concat(db.Endpoints)
            .Select(endpoint => new Uri(endpoint.Url).Port)
            .ToList();

        Assert.Equal(3, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10000, Math.Min(19999, ephemeralFirst - 1)));
    }

    [Fact]
    public async Task A_configured_range_is_used_and_a_busy_port_in_it_is_skipped()
    {
        using var squatter = ListenerInRange();
        var busy = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var host = new TestAppHost(
            $"--Lakehouse:Orchestrator:FirstPort={busy}", $"--Lakehouse:Orchestrator:LastPort={busy + 1}");
        host.Builder.AddExecutable("web", "sleep", host.WorkDirectory, "600").WithHttpEndpoint();
        await host.StartAsync();

        var running = await host.WaitForStateAsync("web", KnownResourceStates.Running);

        Assert.Equal(busy + 1, new Uri(running.Endpoints.Single().Url).Port);
    }

    [Fact]
    public async Task A_range_with_no_free_port_stops_the_start_with_a_message_naming_the_range_and_its_settings()
    {
        using var squatter = ListenerInRange();
        var busy = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var host = new TestAppHost($"--Lakehouse:Orchestrator:FirstPort={busy}", $"--Lakehouse:Orchestrator:LastPort={busy}");
        host.Builder.AddExecutable("web", "sleep", host.WorkDirectory, "600").WithHttpEndpoint();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Equal(
            $"No free loopback port is left in {busy}-{busy} (Lakehouse:Orchestrator:FirstPort and LastPort).", failure.Message);
    }

    [Theory]
    [InlineData("20000", "10000")]
    [InlineData("80", "19999")]
    [InlineData("10000", "70000")]
    public async Task A_bad_range_stops_the_start_naming_the_settings(string first, string last)
    {
        await using var host = new TestAppHost($"--Lakehouse:Orchestrator:FirstPort={first}", $"--Lakehouse:Orchestrator:LastPort={last}");
        host.Builder.AddExecutable("web", "sleep", host.WorkDirectory, "600").WithHttpEndpoint();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Equal(
            ["Lakehouse:Orchestrator:FirstPort and LastPort must be ports from 1024 to 65535, the first not above the last."],
            failure.Failures);
    }

    /// <summary>net.ipv4.ip_local_port_range: where the kernel takes ports for bind(0) and outgoing connections.</summary>
    private static (int First, int Last) EphemeralRange()
    {
        var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
            .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>A listener on a port of the default range whose next port is free too, for tests of a two-port range.</summary>
    private static TcpListener ListenerInRange()
    {
        for (var port = 10000 + Random.Shared.Next(9000); ; port++)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                continue;
            }

            using var next = new TcpListener(IPAddress.Loopback, port + 1);
            try
            {
                next.Start();
                next.Stop();
                return listener;
            }
            catch (SocketException)
            {
                listener.Stop();
            }
        }
    }
}
