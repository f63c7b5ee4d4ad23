using Lakehouse.Shared.Networking;
using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Hands out loopback ports from the configured range: not reserved for another server, and free right now
/// (<see cref="LoopbackPortSearch"/>).
/// </summary>
internal sealed class PortAllocator(IOptions<SpawnerOptions> options)
{
    private readonly object _lock = new();
    private readonly HashSet<int> _reserved = [];

    public IReadOnlyList<int> Reserve(int count)
    {
        var (first, last) = (options.Value.FirstPort, options.Value.LastPort);
        lock (_lock)
        {
            var ports = LoopbackPortSearch.FindFree(first, last, count, _reserved);
            if (ports.Count < count)
            {
                throw new ServerLaunchException($"No free port is left in {first}-{last} for another server.");
            }

            _reserved.UnionWith(ports);
            return ports;
        }
    }

    /// <summary>Marks ports of a server that already runs (adopted after a restart) as taken.</summary>
    public void Claim(params int[] ports)
    {
        lock (_lock)
        {
            _reserved.UnionWith(ports);
        }
    }

    public void Release(params int[] ports)
    {
        lock (_lock)
        {
            _reserved.ExceptWith(ports);
        }
    }
}
