using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Registry;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// Publishes batches of events as persistent messages and waits for the broker's confirms; only then are the
/// batch's offsets written to the registry and its memory given back. A failed batch (connection lost, nack,
/// no confirm in time) is published again whole on a new connection, after a backoff: at least once, and the
/// duplicates a crash can cause are bounded by the one batch in flight.
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

    private readonly LogShipperOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.ReconnectDelay, _options.ReconnectMaxDelay);
        try
        {
            // Connect at once, so /health tells the truth before the first line arrives.
            await ConnectAsync(backoff, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = await buffer.ReadBatchAsync(_options.BatchSize, stoppingToken);
                while (!await TryPublishAsync(batch, stoppingToken))
                {
                    metrics.Retried();
                    await Task.Delay(backoff.Next(), timeProvider, stoppingToken);
                }

                backoff.Reset();
                registry.Commit(batch.Select(m => m.Event));
                metrics.Shipped(batch.Count, batch.Sum(m => m.Event.Lines));
                buffer.Release(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: unconfirmed events are read again from the registry's offsets at the next start.
        }
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

    private async Task<bool> TryPublishAsync(List<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConfirmTimeout);
        try
        {
            var channel = await broker.GetChannelAsync(timeout.Token);
            var confirms = new Task[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                confirms[i] = PublishAsync(channel, batch[i], timeout.Token);
            }

            await Task.WhenAll(confirms);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            OnFailure(e);
            await broker.ResetAsync();
            return false;
        }
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
            Timestamp = new AmqpTimestamp(message.Event.Timestamp.ToUnixTimeSeconds()),
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
}
