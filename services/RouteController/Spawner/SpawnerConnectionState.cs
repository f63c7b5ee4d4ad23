namespace Lakehouse.RouteController.Spawner;

/// <summary>Whether the spawner's event stream is followed right now, and since when it is (or is not).</summary>
public sealed class SpawnerConnectionState(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly DateTimeOffset _startedAt = timeProvider.GetUtcNow();
    private bool _connected;
    private DateTimeOffset? _disconnectedSince;

    public (bool Connected, TimeSpan For) Current
    {
        get
        {
            lock (_lock)
            {
                var now = timeProvider.GetUtcNow();
                return _connected ? (true, TimeSpan.Zero) : (false, now - (_disconnectedSince ?? _startedAt));
            }
        }
    }

    public void Connected()
    {
        lock (_lock)
        {
            _connected = true;
            _disconnectedSince = null;
        }
    }

    public void Disconnected()
    {
        lock (_lock)
        {
            if (_connected)
            {
                _connected = false;
                _disconnectedSince = timeProvider.GetUtcNow();
            }
        }
    }
}
