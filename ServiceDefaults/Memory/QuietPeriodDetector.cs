namespace Lakehouse.ServiceDefaults.Memory;

/// <summary>
/// Decides, from the bytes a process has allocated so far, when it has gone quiet: true once for the first quiet
/// interval after activity (or after start), then false until it has been busy again, so an idle service is trimmed
/// once, not at every interval.
/// </summary>
public sealed class QuietPeriodDetector(long quietAllocationBytes)
{
    private long? _allocatedBefore;
    private bool _trimmedSinceActivity;

    /// <param name="allocatedBytes">The process's allocations so far (<see cref="GC.GetTotalAllocatedBytes"/>).</param>
    public bool BecameQuiet(long allocatedBytes)
    {
        var allocated = allocatedBytes - (_allocatedBefore ?? allocatedBytes);
        var first = _allocatedBefore is null;
        _allocatedBefore = allocatedBytes;
        if (first)
        {
            return false;
        }

        if (allocated > quietAllocationBytes)
        {
            _trimmedSinceActivity = false;
            return false;
        }

        if (_trimmedSinceActivity)
        {
            return false;
        }

        _trimmedSinceActivity = true;
        return true;
    }
}
