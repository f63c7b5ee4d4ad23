using System.Net;
using System.Net.Sockets;

namespace Lakehouse.RouteController.Tests.Infrastructure;

internal static class FreePort
{
    // Below Linux's ephemeral range (32768+), where outgoing connections would take a port between our check and the
    // child process's bind, and below the spawner's 20000+.
    private const int First = 10_000;
    private const int Last = 19_999;

    /// <summary>A loopback port nobody listens on right now (for processes that must be told their port up front).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
