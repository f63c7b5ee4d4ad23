using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Registry;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// Publishes events as persistent messages and waits for the broker's confirms; only then are their offsets written
/// to the registry and their memory given back. At most one batch (<c>LogShipper:BatchSize</c>) is unconfirmed at
/// a time, published in slices: the next slice goes out while earlier ones wait for their confirms, so the
/// connection never idles for a round trip, and slices are committed strictly in order. After a failure
/// (connection lost, nack, no confirm in time) everything unconfirmed is published again whole on a new connection,
/// after a backoff: at least once, and the duplicates a crash can cause are bounded by one batch.
/// </summary>
public sealed partial class PublishService(
    EventBuffer buffer,
    BrokerConnection broker,
    OffsetRegistry registry,
    ShipperMetrics metrics,
    IOptions<LogShipperOptions> options,
    TimeProvider timeProvider,
    ILogger<PublishService> logger) : BackgroundService
{
    private const string ContentType = "application/json";

    /// <summary>How many slices a batch is published in.</summary>
    private const int SlicesPerBatch = 4;

    private readonly LogShipperOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.ReconnectDelay, _options.ReconnectMaxDelay);
        var sliceSize = Math.Max(1, _options.BatchSize / SlicesPerBatch);
        var window = new Queue<Slice>();
        var unconfirmed = 0;
        Task? readable = null;
        try
        {
            // Connect at once, so /health tells the truth before the first line arrives.
            await ConnectAsync(backoff, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var room = _options.BatchSize - unconfirmed;
                if (room > 0 && buffer.TryReadBatch(Math.Min(sliceSize, room)) is { } messages)
                {
                    window.Enqueue(Publish(messages, stoppingToken));
                    unconfirmed += messages.Count;
                    continue;
                }

                // Wait for the oldest slice's confirms, or, while the batch has room, for more events to publish.
                readable = room > 0 ? readable ?? buffer.WaitToReadAsync(stoppingToken) : null;
                if (window.TryPeek(out var oldest))
                {
                    if (readable is not null)
                    {
                        await Task.WhenAny(oldest.Confirmed, readable);
                    }

                    if (oldest.Confirmed.IsCompleted || readable is null)
                    {
                        unconfirmed -= await ConfirmOldestAsync(window, backoff, stoppingToken);
                    }
                }
                else
                {
                    await readable!;
                }

                if (readable is { IsCompleted: true })
                {
                    await readable;
                    readable = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unconfirmed events are read again from the registry's offsets at the next start.
        }
        finally
        {
            foreach (var slice in window)
            {
                slice.Dispose();
            }
        }
    }

    /// <summary>Waits for the oldest slice's confirms and commits it; after a failure, ships everything unconfirmed
    /// again before returning.</summary>
    /// <returns>How many messages are confirmed (and no longer in the window).</returns>
    private async Task<int> ConfirmOldestAsync(Queue<Slice> window, Backoff backoff, CancellationToken cancellationToken)
    {
        var oldest = window.Peek();
        try
        {
            await oldest.Confirmed;
            window.Dequeue().Dispose();
            Complete(oldest.Messages);
            backoff.Reset();
            return oldest.Messages.Count;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            OnFailure(e);
            await broker.ResetAsync();
        }

        // The later slices fail with the connection; all of it goes again, in order.
        var again = new List<OutgoingMessage>();
        while (window.TryDequeue(out var slice))
        {
            again.AddRange(slice.Messages);
            slice.Dispose();
        }

        do
        {
            metrics.Retried();
            await Task.Delay(backoff.Next(), timeProvider, cancellationToken);
        }
        while (!await TryPublishAsync(again, cancellationToken));

        Complete(again);
        backoff.Reset();
        return again.Count;
    }

    private void Complete(List<OutgoingMessage> confirmed)
    {
        registry.Commit(confirmed);
        var lines = 0;
        foreach (var message in confirmed)
        {
            lines += message.Lines;
        }

        metrics.Shipped(confirmed.Count, lines);
        buffer.Release(confirmed);
    }

    private async Task ConnectAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await broker.GetChannelAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                OnFailure(e);
                await Task.Delay(backoff.Next(), timeProvider, cancellationToken);
            }
        }
    }

    private Slice Publish(List<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConfirmTimeout);
        return new Slice(messages, PublishAndConfirmAsync(messages, timeout.Token), timeout);
    }

    private async Task<bool> TryPublishAsync(List<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConfirmTimeout);
        try
        {
            await PublishAndConfirmAsync(batch, timeout.Token);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            OnFailure(e);
            await broker.ResetAsync();
            return false;
        }
    }

    private async Task PublishAndConfirmAsync(List<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var channel = await broker.GetChannelAsync(cancellationToken);
        var confirms = new Task[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            confirms[i] = PublishAsync(channel, messages[i], cancellationToken);
        }

        await Task.WhenAll(confirms);
    }

    private Task PublishAsync(IChannel channel, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            MessageId = message.Id,
            Persistent = true,
            ContentType = ContentType,
            Type = "log",
            AppId = "lakehouse-log-shipper",
            Timestamp = new AmqpTimestamp(message.Timestamp.ToUnixTimeSeconds()),
        };

        // With confirmation tracking this completes when the broker confirms, and throws on a nack.
        return channel.BasicPublishAsync(_options.Exchange, message.RoutingKey, mandatory: false, properties, message.Body, cancellationToken).AsTask();
    }

    private void OnFailure(Exception e)
    {
        var wasConnected = broker.DownSince is null;
        broker.Failed(e);
        if (wasConnected)
        {
            LogBrokerDown(e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The broker is unreachable ({ErrorType}: {Error}); holding lines on disk and retrying with backoff")]
    private partial void LogBrokerDown(string errorType, string error);

    /// <summary>Messages published together, and the task that completes when the broker has confirmed them all.</summary>
    private sealed class Slice(List<OutgoingMessage> messages, Task confirmed, CancellationTokenSource timeout) : IDisposable
    {
        public List<OutgoingMessage> Messages => messages;

        public Task Confirmed => confirmed;

        public void Dispose()
        {
            // A slice given up on fails with its connection: observe that, it is handled by publishing again.
            _ = confirmed.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            timeout.Dispose();
        }
    }
}
