using Lakehouse.ServiceDefaults.Memory;

namespace Lakehouse.ServiceDefaults.Tests.Memory;

public class QuietPeriodDetectorTests
{
    private const long Quiet = 1000;

    [Fact]
    public void Every_interval_allocating_at_most_the_quiet_amount_is_quiet_and_the_first_look_only_sets_the_baseline()
    {
        var detector = new QuietPeriodDetector(Quiet);

        Assert.False(detector.WasQuiet(50_000));
        Assert.True(detector.WasQuiet(50_000 + Quiet));
        Assert.True(detector.WasQuiet(50_000 + Quiet));
        Assert.False(detector.WasQuiet(50_000 + (2 * Quiet) + 1));
        Assert.True(detector.WasQuiet(50_000 + (3 * Quiet)));
    }
}
