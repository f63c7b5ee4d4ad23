using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Testing;

/// <summary>What the tests need to run one of our services as a process on loopback: a port, and its health.</summary>
public static class LoopbackService
{
    /// <summary>A loopback port free right now, for a process that must be told its port up front.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether the service behind <paramref name="client"/> answers <c>/health</c> with 200; false while it cannot be reached.</summary>
    public static async Task<bool> IsHealthyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("/health", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
