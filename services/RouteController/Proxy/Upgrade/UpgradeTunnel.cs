using System.Buffers;
using System.Net.Sockets;

namespace Lakehouse.RouteController.Proxy.Upgrade;

/// <summary>
/// An upgraded connection's two directions, each a tight loop between Kestrel's upgraded stream and the upstream's
/// socket (no intermediate pipes, no per-message timers). When the client ends its side, the upstream is told at once
/// (Kestrel takes a client's end as the end of the connection and aborts the request: no half-open connection through
/// it); when the upstream closes, the client's connection ends. Idle for the activity timeout in both directions, or
/// the client gone: both sides are torn down.
/// </summary>
internal sealed class UpgradeTunnel : IDisposable
{
    /// <summary>Per direction; a kernel's messages are mostly small, large ones just take more turns.</summary>
    private const int BufferSize = 16 * 1024;

    private readonly Socket _upstream;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _watchdog;
    private readonly CancellationTokenRegistration _aborted;
    private long _lastTransfer;
    private int _timedOut;

    /// <param name="aborted">The client's connection: when it goes, the upstream's goes too.</param>
    public UpgradeTunnel(Socket upstream, TimeSpan idleTimeout, TimeProvider timeProvider, CancellationToken aborted)
    {
        (_upstream, _idleTimeout, _timeProvider) = (upstream, idleTimeout, timeProvider);
        _lastTransfer = timeProvider.GetTimestamp();
        _watchdog = timeProvider.CreateTimer(static state => ((UpgradeTunnel)state!).CheckIdle(), this, idleTimeout, Timeout.InfiniteTimeSpan);
        _aborted = aborted.UnsafeRegister(static state => ((UpgradeTunnel)state!).Stop(), this);
    }

    /// <summary>Whether it ended because nothing moved for the activity timeout.</summary>
    public bool TimedOut => Volatile.Read(ref _timedOut) == 1;

    /// <summary>Counts as activity for the idle timeout (the handshake's steps too).</summary>
    public void Touch() => Volatile.Write(ref _lastTransfer, _timeProvider.GetTimestamp());

    /// <summary>Copies both ways until the upstream closes, either side fails, or the tunnel is stopped.</summary>
    /// <param name="upstreamData">Bytes the upstream sent right behind its 101, for the client first.</param>
    public async Task RunAsync(Stream client, ReadOnlyMemory<byte> upstreamData)
    {
        var toUpstream = ClientToUpstreamAsync(client);
        var toClient = UpstreamToClientAsync(client, upstreamData);
        var first = await Task.WhenAny(toUpstream, toClient);
        if (first == toClient || first.IsFaulted)
        {
            // The upstream closed, or the client broke off: nothing more can go either way.
            Stop();
        }

        // Their failures are how they ended, nothing to report; not rethrown, and no hop to the thread pool to swallow them.
        await Task.WhenAll(toUpstream, toClient).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ClientToUpstreamAsync(Stream client)
    {
        await using (var upstream = new NetworkStream(_upstream, ownsSocket: false))
        {
            await CopyAsync(client, upstream);
        }

        // The client sends no more: the upstream hears so, should the request's abort not have ended the tunnel first.
        _upstream.Shutdown(SocketShutdown.Send);
    }

    private async Task UpstreamToClientAsync(Stream client, ReadOnlyMemory<byte> upstreamData)
    {
        if (!upstreamData.IsEmpty)
        {
            await client.WriteAsync(upstreamData, _stop.Token);
        }

        await using var upstream = new NetworkStream(_upstream, ownsSocket: false);
        await CopyAsync(upstream, client);
    }

    /// <summary>One direction, until its source ends; every read counts as activity. (Kestrel's upgraded stream flushes each write.)</summary>
    private async Task CopyAsync(Stream source, Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token)) > 0)
            {
                Touch();
                await destination.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CheckIdle()
    {
        var idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastTransfer));
        if (idle >= _idleTimeout)
        {
            Volatile.Write(ref _timedOut, 1);
            Stop();
        }
        else
        {
            _watchdog.Change(_idleTimeout - idle, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Ends both directions: pending client reads and writes are cancelled, the upstream socket closed.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        _upstream.Dispose();
    }

    public void Dispose()
    {
        _aborted.Dispose();
        _watchdog.Dispose();
        _upstream.Dispose();
        _stop.Dispose();
    }
}
