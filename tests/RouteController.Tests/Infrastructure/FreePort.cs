using System.Net;
using System.Net.Sockets;

namespace Lakehouse.RouteController.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (for processes that must be told their port up front).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
