namespace Lakehouse.RouteController.Spawner;

/// <summary>
/// A read-only stream that cancels <paramref name="idle"/> when nothing arrives for the timeout, re-armed by every
/// read: the spawner's keepalives keep a live stream busy, so a silent one is a dead connection (a partition, a frozen
/// peer) that TCP alone would not notice for a long time.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, CancellationTokenSource idle, TimeSpan timeout) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Off the socket's event thread (InlineSocketCompletions): parsing a snapshot of thousands of servers must not
        // hold up the proxied requests that thread serves.
        var read = await inner.ReadAsync(buffer, cancellationToken).AsTask().ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        idle.CancelAfter(timeout);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
