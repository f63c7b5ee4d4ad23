using Lakehouse.Hosting;
using Lakehouse.Hosting.Tests.RabbitMQ;
using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.LogShipper.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>Forwarding to a remote broker (LSST's shovel): every event reaches the remote exchange, across a restart
/// of the remote broker.</summary>
public sealed class ForwardingTests(SharedBroker local)
{
    [Fact]
    public async Task Every_event_reaches_the_remote_broker_across_its_restart()
    {
        using var remoteState = new TemporaryStateDirectory();
        await using var remote = await PrivateRabbitMQ.StartAsync(remoteState.CreateBuilder(DistributedApplicationOperation.Run), TestContext.Current.CancellationToken, "remote");
        using var state = new TemporaryStateDirectory();
        var exchange = SharedBroker.NewExchange();
        const string remoteExchange = "central.logs";
        await using var forwarded = await ShippedEvents.BindAsync(remote.ConnectionString, remoteExchange, "server.*");
        await using var writer = new LineWriter(Path.Combine(state.Path, "logs", "servers", "alice.log"), "alice", cri: false);

        var settings = ShipperProcess.FastSettings(state.Path, local.ConnectionString, exchange);
        settings["LogShipper__Forward__ConnectionString"] = remote.ConnectionString;
        settings["LogShipper__Forward__Exchange"] = remoteExchange;
        settings["LogShipper__Forward__Queue"] = exchange + ".forward";
        using var shipper = await ShipperProcess.StartAsync(settings);

        writer.Write(300);
        await forwarded.WaitForAsync(e => DeliveryReport.Of(writer, e).Complete, "the first lines on the remote broker");
        await remote.StopAsync(TestContext.Current.CancellationToken);
        writer.Write(300);
        await remote.StartAgainAsync(TestContext.Current.CancellationToken);
        await forwarded.WaitForAsync(e => DeliveryReport.Of(writer, e).Complete, "every line on the remote broker");

        var report = DeliveryReport.Of(writer, forwarded.All);
        Assert.Equal(600, report.Distinct);
        Assert.All(forwarded.All, e => Assert.Equal("server.alice", e.RoutingKey));
        Assert.All(forwarded.All, e => Assert.True(e.Persistent));
        Assert.True((await shipper.MetricsAsync())["lakehouse_logshipper_forwarded_total"] >= 600);
    }
}
