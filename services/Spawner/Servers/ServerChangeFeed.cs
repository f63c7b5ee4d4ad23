using System.Threading.Channels;
using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// The current status of every server, and a feed of changes for <c>/api/events</c>. A subscription starts with a
/// snapshot taken under the same lock as publishing, so that no change falls between the snapshot and the feed.
/// </summary>
public sealed class ServerChangeFeed
{
    // A reader this far behind is cut off; it reconnects and gets a fresh snapshot, which loses nothing.
    private const int MaxBacklog = 4096;

    private readonly object _lock = new();
    private readonly Dictionary<string, ServerStatus> _current = new(StringComparer.Ordinal);
    private readonly List<Channel<ServerStatus>> _subscribers = [];

    public IReadOnlyList<ServerStatus> List()
    {
        lock (_lock)
        {
            return _current.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        }
    }

    public ServerStatus? Get(string name)
    {
        lock (_lock)
        {
            return _current.GetValueOrDefault(name);
        }
    }

    public void Publish(ServerStatus status)
    {
        lock (_lock)
        {
            _current[status.Name] = status;
            foreach (var subscriber in _subscribers.ToList())
            {
                if (!subscriber.Writer.TryWrite(status))
                {
                    // Ends that reader's stream; it reconnects and starts again from a snapshot.
                    subscriber.Writer.TryComplete();
                    _subscribers.Remove(subscriber);
                }
            }
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ServerStatus>(new BoundedChannelOptions(MaxBacklog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_lock)
        {
            _subscribers.Add(channel);
            return new Subscription(this, channel, _current.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
        }
    }

    private void Unsubscribe(Channel<ServerStatus> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    public sealed class Subscription(ServerChangeFeed feed, Channel<ServerStatus> channel, IReadOnlyList<ServerStatus> snapshot) : IDisposable
    {
        public IReadOnlyList<ServerStatus> Snapshot { get; } = snapshot;

        public ChannelReader<ServerStatus> Changes => channel.Reader;

        public void Dispose() => feed.Unsubscribe(channel);
    }
}
