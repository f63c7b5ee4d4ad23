using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.LogShipper.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>Logs rotated by rename (the kubelet, logrotate), by copytruncate, and truncated in place lose no line
/// written to the live file, and new content at reused offsets gets new event ids.</summary>
public sealed class RotationTests(SharedBroker broker)
{
    [Fact]
    public async Task Rename_rotation_copytruncate_and_truncation_lose_no_line()
    {
        using var state = new TemporaryStateDirectory();
        var exchange = SharedBroker.NewExchange();
        await using var events = await ShippedEvents.BindAsync(broker.ConnectionString, exchange);
        var logs = Path.Combine(state.Path, "logs");
        await using var renamed = new LineWriter(Path.Combine(logs, "hub.log"), "renamed", cri: true);
        await using var copied = new LineWriter(Path.Combine(logs, "spawner.log"), "copied", cri: true);
        await using var truncated = new LineWriter(Path.Combine(logs, "servers", "alice.log"), "truncated", cri: false);
        renamed.Write(500);
        copied.Write(500);
        truncated.Write(100);
        using var shipper = await ShipperProcess.StartAsync(ShipperProcess.FastSettings(state.Path, broker.ConnectionString, exchange));
        await events.WaitForAsync(e => Delivered(e, renamed, copied, truncated), "the first lines");

        // Rename: lines written just before the rename are still read from the renamed file; the new file from its start.
        renamed.Write(300);
        File.Move(renamed.Path, renamed.Path + ".1");
        renamed.Write(200);

        // Copytruncate: the copy is not ours to read (no glob matches it); the live file starts again at 0.
        File.Copy(copied.Path, copied.Path + ".1");
        await using (var stream = new FileStream(copied.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(0);
        }

        copied.Write(200);

        // Truncation in place, then new lines at the offsets the old ones had.
        await File.WriteAllTextAsync(truncated.Path, string.Empty, TestContext.Current.CancellationToken);
        truncated.Write(50);

        await events.WaitForAsync(e => Delivered(e, renamed, copied, truncated), "every line after rotation and truncation");
        foreach (var writer in new[] { renamed, copied, truncated })
        {
            var report = DeliveryReport.Of(writer, events.All);
            Assert.True(report.Complete, report.ToString());
            Assert.Equal(report.Distinct, report.DistinctIds);
        }

        Assert.Equal(1000, DeliveryReport.Of(renamed, events.All).Distinct);
        Assert.All(events.All.Where(e => renamed.NumberIn(e.Message) is not null), e => Assert.Equal("service.hub", e.RoutingKey));
        Assert.All(events.All.Where(e => truncated.NumberIn(e.Message) is not null), e => Assert.Equal("server.alice", e.RoutingKey));
    }

    private static bool Delivered(IReadOnlyList<ShippedEvent> events, params LineWriter[] writers) =>
        writers.All(w => DeliveryReport.Of(w, events).Complete);
}
