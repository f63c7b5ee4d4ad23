using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>A loopback TCP port posing as an LDAP server that counts connections: proof that nothing was sent.</summary>
internal sealed class CountingListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;
    private int _connections;

    public CountingListener()
    {
        _listener.Start();
        Uri = $"ldap://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Uri { get; }

    public int Connections => Volatile.Read(ref _connections);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                // Closed at once: a client that got here fails, and the count shows it tried.
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
