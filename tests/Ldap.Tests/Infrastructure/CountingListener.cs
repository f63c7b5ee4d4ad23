using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>A loopback TCP port posing as an LDAP server that counts connections: proof that nothing was sent.</summary>
internal sealed class CountingListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;
    private readonly bool _holdConnections;
    private readonly List<TcpClient> _held = [];
    private int _connections;

    /// <param name="holdConnections">Keep accepted connections open without ever answering: a server that hangs.</param>
    public CountingListener(bool holdConnections = false)
    {
        _holdConnections = holdConnections;
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
        lock (_held)
        {
            _held.ForEach(client => client.Dispose());
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
                if (_holdConnections)
                {
                    lock (_held)
                    {
                        _held.Add(client);
                    }
                }
                else
                {
                    // Closed at once: a client that got here fails, and the count shows it tried.
                    client.Dispose();
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
