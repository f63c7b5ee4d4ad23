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

    [Fact]
    public void The_last_interval_reports_what_was_allocated_between_the_last_two_looks()
    {
        var detector = new QuietPeriodDetector(Quiet);

        detector.WasQuiet(50_000);
        Assert.Equal(0, detector.LastIntervalBytes);
        detector.WasQuiet(80_000);
        Assert.Equal(30_000, detector.LastIntervalBytes);
        detector.WasQuiet(80_500);
        Assert.Equal(500, detector.LastIntervalBytes);
    }
}
