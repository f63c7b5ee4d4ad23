using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Shared.Networking;

/// <summary>
/// Finds loopback ports a server could listen on now, in a configured range. Compiled into the AppHost's orchestrator
/// (service endpoints) and the spawner (users' servers), which each keep the ports they have handed out.
/// </summary>
internal static class LoopbackPortSearch
{
    /// <summary>
    /// Up to <paramref name="count"/> free ports of <paramref name="first"/>–<paramref name="last"/> not in
    /// <paramref name="taken"/>, searched from a random place so that processes sharing a machine rarely race for one.
    /// </summary>
    public static List<int> FindFree(int first, int last, int count, IReadOnlySet<int> taken)
    {
        var size = last - first + 1;
        var start = Random.Shared.Next(size);
        var ports = new List<int>(count);
        for (var i = 0; i < size && ports.Count < count; i++)
        {
            var port = first + ((start + i) % size);
            if (!taken.Contains(port) && IsFree(port))
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    /// <summary>Whether a server could listen on the port now. SO_REUSEADDR, as servers set it, so a
    /// connection lingering in TIME_WAIT does not count as busy.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
