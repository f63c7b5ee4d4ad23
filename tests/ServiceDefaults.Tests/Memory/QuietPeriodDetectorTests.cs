using Lakehouse.ServiceDefaults.Memory;

namespace Lakehouse.ServiceDefaults.Tests.Memory;

public class QuietPeriodDetectorTests
{
    private const long Quiet = 1000;

    [Fact]
    public void A_quiet_interval_after_start_is_reported_once_and_not_again_while_the_service_stays_quiet()
    {
        var detector = new QuietPeriodDetector(Quiet);

        Assert.False(detector.BecameQuiet(50_000));
        Assert.True(detector.BecameQuiet(50_500));
        Assert.False(detector.BecameQuiet(51_000));
        Assert.False(detector.BecameQuiet(51_000));
    }

    [Fact]
    public void After_a_busy_interval_the_next_quiet_one_is_reported_again()
    {
        var detector = new QuietPeriodDetector(Quiet);
        detector.BecameQuiet(0);
        Assert.True(detector.BecameQuiet(10));

        Assert.False(detector.BecameQuiet(10 + Quiet + 1));
        Assert.False(detector.BecameQuiet(10 + (3 * Quiet)));
        Assert.True(detector.BecameQuiet(10 + (3 * Quiet) + Quiet));
        Assert.False(detector.BecameQuiet(10 + (3 * Quiet) + Quiet));
    }
}
