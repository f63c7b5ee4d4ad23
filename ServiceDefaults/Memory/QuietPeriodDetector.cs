namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>
/// Decides, from the bytes a process has allocated so far, whether the interval since the last look was quiet: at
/// most <c>quietAllocationBytes</c> allocated. The first look only sets the baseline.
/// </summary>
public sealed class QuietPeriodDetector(long quietAllocationBytes)
{
    private long? _allocatedBefore;

    /// <summary>The bytes allocated between the last two looks (0 after the first).</summary>
    public long LastIntervalBytes { get; private set; }

    /// <param name="allocatedBytes">The process's allocations so far (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    public bool WasQuiet(long allocatedBytes)
    {
        var before = _allocatedBefore;
        _allocatedBefore = allocatedBytes;
        LastIntervalBytes = before is { } previous ? allocatedBytes - previous : 0;
        return before is not null && LastIntervalBytes <= quietAllocationBytes;
    }
}
