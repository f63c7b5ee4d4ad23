using System.Globalization;
using Lakehouse.LogShipper.Tests.Infrastructure;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>While the broker is away, the shipper stops reading at its buffer limit: memory stays bounded, the lines
/// wait on disk (lag grows), <c>/health</c> says Degraded, and all of them arrive once the broker is back.</summary>
public sealed class BackpressureTests(SharedBroker broker)
{
    private const int Lines = 60_000;
    // The issue's bound: 150 MB (143 MiB).
    private const long MaxResidentBytes = 150L * 1000 * 1000;
    private const int BufferBytes = 4 * 1024 * 1024;

    [Fact]
    public async Task Memory_stays_bounded_and_health_is_degraded_while_the_broker_is_down_then_everything_arrives()
    {
        await using var rig = await ShippingRig.StartAsync(broker, new Dictionary<string, string>
        {
            ["LogShipper__MaxBufferedBytes"] = BufferBytes.ToString(CultureInfo.InvariantCulture),
        });
        var shipper = await rig.StartShipperAsync();
        await shipper.WaitForHealthAsync("Healthy");
        await rig.Broker.StopAsync(TestContext.Current.CancellationToken);
        await shipper.WaitForHealthAsync("Degraded");

        rig.Writer.Write(Lines);
        // Reading stops once the buffer is full: poll until lines read stop growing.
        double previous = -1;
        await Poll.UntilAsync(async () =>
        {
            var read = (await shipper.MetricsAsync()).GetValueOrDefault("lakehouse_logshipper_lines_read_total{kind=\"service\"}");
            var settled = read > 0 && read == previous;
            previous = read;
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            return settled;
        }, "reading to stop at the buffer limit", TimeSpan.FromSeconds(120));

        var metrics = await shipper.MetricsAsync();
        Assert.True(metrics["lakehouse_logshipper_lines_read_total{kind=\"service\"}"] < Lines, "The shipper stopped reading instead of holding every line in memory.");
        Assert.True(metrics["lakehouse_logshipper_buffered_bytes"] <= BufferBytes + (64 * 1024), $"buffered {metrics["lakehouse_logshipper_buffered_bytes"]}");
        Assert.True(metrics["lakehouse_logshipper_lag_bytes"] >= new FileInfo(rig.Writer.Path).Length - BufferBytes, $"lag {metrics["lakehouse_logshipper_lag_bytes"]}");
        Assert.Equal(0, metrics["lakehouse_logshipper_lines_shipped_total"]);
        var resident = shipper.ResidentBytes();
        Assert.True(resident <= MaxResidentBytes, $"RSS {resident / (1024 * 1024)} MiB");
        Assert.Equal("Degraded", await shipper.HealthAsync());

        await rig.Broker.StartAgainAsync(TestContext.Current.CancellationToken);
        await shipper.WaitForHealthAsync("Healthy");
        var report = await rig.FinishAsync();
        Assert.True(report.Complete, report.ToString());
        Assert.Equal(0, report.Duplicates);
    }
}
