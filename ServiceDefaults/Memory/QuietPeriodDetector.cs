namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>
/// Decides, from the bytes a process has allocated so far, whether the interval since the last look was quiet: at
/// most <c>quietAllocationBytes</c> allocated. The first look only sets the baseline.
/// </summary>
public sealed class QuietPeriodDetector(long quietAllocationBytes)
{
    private long? _allocatedBefore;

    /// <param name="allocatedBytes">The process's allocations so far (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    public bool WasQuiet(long allocatedBytes)
    {
        var before = _allocatedBefore;
        _allocatedBefore = allocatedBytes;
        return before is { } previous && allocatedBytes - previous <= quietAllocationBytes;
    }
}
