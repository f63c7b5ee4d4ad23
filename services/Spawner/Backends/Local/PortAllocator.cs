using System.Net;
using System.Net.Sockets;
using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Hands out loopback ports from the configured range: not reserved for another server, and free right now (a bind
/// succeeds). The search starts at a random place so that spawners sharing a machine rarely race for one port.
/// </summary>
internal sealed class PortAllocator(IOptions<SpawnerOptions> options)
{
    private readonly object _lock = new();
    private readonly HashSet<int> _reserved = [];

    public IReadOnlyList<int> Reserve(int count)
    {
        var (first, last) = (options.Value.FirstPort, options.Value.LastPort);
        var size = last - first + 1;
        var start = Random.Shared.Next(size);
        var ports = new List<int>(count);
        lock (_lock)
        {
            for (var i = 0; i < size && ports.Count < count; i++)
            {
                var port = first + (start + i) % size;
                if (!_reserved.Contains(port) && IsFree(port))
                {
                    ports.Add(port);
                }
            }

            if (ports.Count < count)
            {
                throw new ServerLaunchException($"No free port is left in {first}-{last} for another server.");
            }

            _reserved.UnionWith(ports);
        }

        return ports;
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

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
