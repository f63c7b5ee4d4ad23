using Lakehouse.LogShipper.Tests.Infrastructure;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests;

/// <summary>
/// Every line written while the shipper is killed (SIGKILL) and the broker restarted, each three times, arrives;
/// the shipper's duplicates are counted and stay within one unconfirmed batch per crash, and carry the same event id.
/// Copies the broker redelivers to the test's own consumer after a restart are not the shipper's and are not counted.
/// </summary>
public sealed class AtLeastOnceTests(SharedBroker broker)
{
    private const int Repetitions = 3;
    private const int LinesPerSecond = 300;
    private const int ProgressBetweenCrashes = 150;

    [Fact]
    public async Task No_line_is_lost_across_repeated_kill_9_of_the_shipper()
    {
        await using var rig = await ShippingRig.StartAsync(broker);
        rig.Writer.StartSteady(LinesPerSecond);
        await rig.StartShipperAsync();
        for (var i = 0; i < Repetitions; i++)
        {
            await rig.WaitForProgressAsync(ProgressBetweenCrashes);
            rig.KillShipper();
            await rig.StartShipperAsync();
        }

        await rig.WaitForProgressAsync(ProgressBetweenCrashes);
        var report = await rig.FinishAsync();
        AssertDelivered(report, crashes: Repetitions);
    }

    [Fact]
    public async Task No_line_is_lost_across_repeated_broker_restarts_and_the_shipper_is_degraded_meanwhile()
    {
        await using var rig = await ShippingRig.StartAsync(broker);
        rig.Writer.StartSteady(LinesPerSecond);
        var shipper = await rig.StartShipperAsync();
        await shipper.WaitForHealthAsync("Healthy");
        for (var i = 0; i < Repetitions; i++)
        {
            await rig.WaitForProgressAsync(ProgressBetweenCrashes);
            await rig.Broker.StopAsync(TestContext.Current.CancellationToken);
            await shipper.WaitForHealthAsync("Degraded");
            var metrics = await shipper.MetricsAsync();
            Assert.Equal(0, metrics["lakehouse_logshipper_broker_connected"]);
            await rig.Broker.StartAgainAsync(TestContext.Current.CancellationToken);
            await shipper.WaitForHealthAsync("Healthy");
        }

        await rig.WaitForProgressAsync(ProgressBetweenCrashes);
        var report = await rig.FinishAsync();
        AssertDelivered(report, crashes: Repetitions);

        var final = await shipper.MetricsAsync();
        Assert.True(final["lakehouse_logshipper_publish_retries_total"] >= 1, "Batches in flight during the outages were retried.");
        Assert.True(final["lakehouse_logshipper_lines_shipped_total"] >= rig.Writer.Written);
        Assert.True(final["lakehouse_logshipper_lines_read_total{kind=\"service\"}"] >= rig.Writer.Written);
        await Poll.UntilAsync(async () => (await shipper.MetricsAsync())["lakehouse_logshipper_lag_bytes"] == 0, "the lag to reach 0");
    }

    [Fact]
    public async Task No_line_is_lost_when_the_shipper_and_the_broker_crash_together_repeatedly()
    {
        await using var rig = await ShippingRig.StartAsync(broker);
        rig.Writer.StartSteady(LinesPerSecond);
        await rig.StartShipperAsync();
        for (var i = 0; i < Repetitions; i++)
        {
            await rig.WaitForProgressAsync(ProgressBetweenCrashes);
            rig.KillShipper();
            await rig.Broker.StopAsync(TestContext.Current.CancellationToken);
            await rig.Broker.StartAgainAsync(TestContext.Current.CancellationToken);
            await rig.StartShipperAsync();
        }

        await rig.WaitForProgressAsync(ProgressBetweenCrashes);
        var report = await rig.FinishAsync();
        AssertDelivered(report, crashes: 2 * Repetitions);
    }

    private static void AssertDelivered(DeliveryReport report, int crashes)
    {
        Assert.True(report.Complete, report.ToString());
        Assert.True(report.Duplicates <= crashes * ShippingRig.BatchSize, $"More duplicates than one batch per crash: {report}");
        // A duplicate is the same event again: consumers can drop it by id.
        Assert.Equal(report.Distinct, report.DistinctIds);
    }
}
