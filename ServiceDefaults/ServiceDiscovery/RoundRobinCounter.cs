namespace Lakehouse.ServiceDefaults.ServiceDiscovery;

/// <summary>Picks indices in turn across threads.</summary>
internal sealed class RoundRobinCounter
{
    private int _next = -1;

    public int Next(int count) => (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
}
