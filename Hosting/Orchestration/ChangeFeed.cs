using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Fans items out to any number of readers. A reader gets a replay taken atomically with its subscription,
/// so it sees neither a gap nor a line twice, then every later item until it stops reading.
/// </summary>
internal sealed class ChangeFeed<T>(int? readerCapacity = null)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<T>> _readers = [];

    /// <summary>
    /// Publishes the item <paramref name="produce"/> makes. It runs under the feed's lock, as replays do, so state it
    /// changes and the replay a new reader gets always agree.
    /// </summary>
    public T Publish(Func<T> produce)
    {
        lock (_gate)
        {
            var item = produce();
            foreach (var reader in _readers)
            {
                reader.Writer.TryWrite(item);
            }

            return item;
        }
    }

    /// <summary>Reads state that <see cref="Publish"/> changes, under the same lock.</summary>
    public TResult Read<TResult>(Func<TResult> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    public async IAsyncEnumerable<T> ReadAsync(Func<IEnumerable<T>> replay, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A reader that falls behind loses its oldest items rather than growing without bound.
        var channel = readerCapacity is { } capacity
            ? Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true })
            : Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        T[] initial;
        lock (_gate)
        {
            initial = replay().ToArray();
            _readers.Add(channel);
        }

        try
        {
            foreach (var item in initial)
            {
                yield return item;
            }

            while (await channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers.Remove(channel);
            }
        }
    }
}
