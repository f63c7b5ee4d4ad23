using System.Threading.Channels;
using Lakehouse.LogShipper.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// Between the readers and the publisher: holds at most <c>LogShipper:MaxBufferedBytes</c> of messages read but
/// not yet confirmed. Readers wait when it is full, so memory stays bounded however long the broker is away; the
/// unread lines wait on disk.
/// </summary>
public sealed class EventBuffer(IOptions<LogShipperOptions> options)
{
    private const int Overhead = 256;

    private readonly Channel<OutgoingMessage> _channel = Channel.CreateUnbounded<OutgoingMessage>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });

    private readonly ByteBudget _budget = new(options.Value.MaxBufferedBytes);

    public long BufferedBytes => _budget.Used;

    public async ValueTask WriteAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        await _budget.TakeAsync(message.Body.Length + Overhead, cancellationToken);
        _channel.Writer.TryWrite(message);
    }

    /// <summary>Completes when a message is there to read.</summary>
    public Task WaitToReadAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken).AsTask();

    /// <summary>Takes what is there now, up to <paramref name="max"/>; null when there is nothing.</summary>
    public List<OutgoingMessage>? TryReadBatch(int max)
    {
        if (!_channel.Reader.TryRead(out var first))
        {
            return null;
        }

        var batch = new List<OutgoingMessage>(Math.Min(max, 128)) { first };
        while (batch.Count < max && _channel.Reader.TryRead(out var message))
        {
            batch.Add(message);
        }

        return batch;
    }

    /// <summary>Gives the batch's bytes back once it is confirmed.</summary>
    public void Release(IReadOnlyList<OutgoingMessage> batch) => _budget.Give(batch.Sum(m => (long)m.Body.Length + Overhead));
}
