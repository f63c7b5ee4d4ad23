using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Gives endpoints their loopback ports: a free one when none is fixed, and checks a port is still free before a start.</summary>
internal sealed class PortAllocator
{
    public const string LoopbackHost = "127.0.0.1";

    private readonly HashSet<int> _handedOut = [];

    /// <summary>A port the kernel reports free now. Ports already handed out are skipped, so two endpoints never share one.</summary>
    public int AllocateFreePort()
    {
        lock (_handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
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
