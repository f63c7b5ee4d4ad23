using System.Collections.Concurrent;

namespace Lakehouse.RouteController.Activity;

/// <summary>
/// The last time each user's server was used through the proxy (UTC), for the hub's idle culler and for
/// <c>/api/routes</c>. One cell per user, written without locks on every request.
/// </summary>
public sealed class ActivityTracker(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);

    public void Touch(string name) => _cells.GetOrAdd(name, static _ => new Cell()).Set(timeProvider.GetUtcNow().UtcTicks);

    public DateTimeOffset? LastActivity(string name) =>
        _cells.TryGetValue(name, out var cell) && cell.Last is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Servers used since the last successful report, with their last activity.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Unreported()
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (name, cell) in _cells)
        {
            var last = cell.Last;
            if (last > cell.Reported)
            {
                result[name] = new DateTimeOffset(last, TimeSpan.Zero);
            }
        }

        return result;
    }

    /// <summary>Records that the hub has these times; anything newer stays unreported.</summary>
    public void MarkReported(IReadOnlyDictionary<string, DateTimeOffset> reported)
    {
        foreach (var (name, time) in reported)
        {
            if (_cells.TryGetValue(name, out var cell))
            {
                cell.Reported = Math.Max(cell.Reported, time.UtcTicks);
            }
        }
    }

    private sealed class Cell
    {
        private long _last;

        public long Last => Volatile.Read(ref _last);

        // Only the reporter writes this.
        public long Reported { get; set; }

        public void Set(long ticks)
        {
            // Never backwards, even when two requests finish in the other order.
            var current = Volatile.Read(ref _last);
            while (ticks > current)
            {
                var seen = Interlocked.CompareExchange(ref _last, ticks, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
