using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Gives endpoints their loopback ports: a free one from the configured range when none is fixed (see
/// <see cref="OrchestratorOptions.FirstPort"/> for why that range), and checks a port is still free before a start.
/// </summary>
internal sealed class PortAllocator(int firstPort, int lastPort)
{
    public const string LoopbackHost = "127.0.0.1";

    private readonly HashSet<int> _handedOut = [];

    /// <summary>
    /// A port free now, searched from a random place in the range so that AppHosts sharing a machine rarely pick
    /// the same one. Ports already handed out are skipped, so two endpoints never share one.
    /// </summary>
    public int AllocateFreePort()
    {
        var size = lastPort - firstPort + 1;
        var start = Random.Shared.Next(size);
        lock (_handedOut)
        {
            for (var i = 0; i < size; i++)
            {
                var port = firstPort + ((start + i) % size);
                if (!_handedOut.Contains(port) && IsFree(port))
                {
                    _handedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException(
            $"No free loopback port is left in {firstPort}-{lastPort} ({OrchestratorOptions.SectionName}:FirstPort and LastPort).");
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
