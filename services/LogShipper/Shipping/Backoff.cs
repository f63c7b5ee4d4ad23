namespace Lakehouse.LogShipper.Shipping;

/// <summary>Doubling waits between reconnection attempts, from <c>initial</c> up to <c>max</c>, with jitter so that
/// many shippers do not all knock at once when a broker comes back.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private TimeSpan _next = TimeSpan.Zero;

    public TimeSpan Next()
    {
        var delay = _next == TimeSpan.Zero ? initial : _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, delay.Ticks * 2));
        return delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }

    public void Reset() => _next = TimeSpan.Zero;
}
