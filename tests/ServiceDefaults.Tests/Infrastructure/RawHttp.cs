using System.Net.Sockets;
using System.Text;

namespace Lakehouse.ServiceDefaults.Tests.Infrastructure;

/// <summary>
/// A bare HTTP/1.1 GET over a socket. Unlike HttpClient it creates no client span, so a test can tell which spans
/// the server itself exported.
/// </summary>
internal static class RawHttp
{
    public static async Task<int> GetStatusAsync(Uri address, string path, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(cancellationToken)
            ?? throw new IOException("The server closed the connection without answering.");
        await reader.ReadToEndAsync(cancellationToken);
        return int.Parse(statusLine.Split(' ')[1]);
    }
}
