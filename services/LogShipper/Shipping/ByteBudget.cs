namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// Backpressure: at most <c>limit</c> bytes may be taken at once; takers wait until enough is given back. One
/// oversized take is allowed when nothing else is held, so a single big event can never block forever.
/// </summary>
public sealed class ByteBudget(long limit)
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _released = new(0);
    private long _used;
    private int _waiters;

    public long Used => Interlocked.Read(ref _used);

    public async ValueTask TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_used == 0 || _used + bytes <= limit)
                {
                    _used += bytes;
                    return;
                }

                _waiters++;
            }

            try
            {
                await _released.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_lock)
                {
                    _waiters--;
                }
            }
        }
    }

    public void Give(long bytes)
    {
        int waiters;
        lock (_lock)
        {
            _used -= bytes;
            waiters = _waiters;
        }

        if (waiters > 0)
        {
            _released.Release(waiters);
        }
    }
}
