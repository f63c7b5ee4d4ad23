using Lakehouse.LogShipper.Metrics;
using Lakehouse.LogShipper.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// The shovel: when <c>LogShipper:Forward:ConnectionString</c> is set, a durable queue bound to every routing key of
/// the local exchange is drained to the remote broker's exchange. A message is acknowledged locally only after the
/// remote broker confirmed it, so a failure on either side redelivers it (at least once).
/// </summary>
public sealed partial class ForwardService(
    IConfiguration configuration,
    ShipperMetrics metrics,
    IOptions<LogShipperOptions> options,
    TimeProvider timeProvider,
    ILogger<ForwardService> logger) : BackgroundService
{
    private const ushort Prefetch = 256;

    private readonly LogShipperOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Forward.Enabled)
        {
            return;
        }

        var backoff = new Backoff(_options.ReconnectDelay, _options.ReconnectMaxDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ForwardUntilFailureAsync(backoff, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                metrics.ForwardRetried();
                LogForwardFailed(e.GetType().Name, e.Message);
            }

            try
            {
                await Task.Delay(backoff.Next(), timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ForwardUntilFailureAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        var forward = _options.Forward;
        var remoteExchange = forward.Exchange ?? _options.Exchange;
        IConnection? local = null, remote = null;
        IChannel? localChannel = null, remoteChannel = null;
        try
        {
            var localUri = configuration.GetConnectionString(BrokerConnection.ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{BrokerConnection.ConnectionStringName} is not set.");
            local = await BrokerConnection.CreateFactory(localUri, "lakehouse-log-forwarder").CreateConnectionAsync(cancellationToken);
            remote = await BrokerConnection.CreateFactory(forward.ConnectionString!, "lakehouse-log-forwarder").CreateConnectionAsync(cancellationToken);
            localChannel = await local.CreateChannelAsync(cancellationToken: cancellationToken);
            remoteChannel = await remote.CreateChannelAsync(BrokerConnection.ConfirmingChannel, cancellationToken);

            await localChannel.ExchangeDeclareAsync(_options.Exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
            await localChannel.QueueDeclareAsync(forward.Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await localChannel.QueueBindAsync(forward.Queue, _options.Exchange, "#", cancellationToken: cancellationToken);
            await remoteChannel.ExchangeDeclareAsync(remoteExchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
            await localChannel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);

            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            local.ConnectionShutdownAsync += (_, _) => SetFailed(failed);
            remote.ConnectionShutdownAsync += (_, _) => SetFailed(failed);

            var consumer = new AsyncEventingBasicConsumer(localChannel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                try
                {
                    var properties = new BasicProperties(delivery.BasicProperties);
                    await remoteChannel.BasicPublishAsync(remoteExchange, delivery.RoutingKey, mandatory: false, properties, delivery.Body, cancellationToken);
                    await localChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
                    metrics.Forwarded();
                    backoff.Reset();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Unacknowledged: the local broker delivers it again on the next connection.
                    LogForwardFailed(e.GetType().Name, e.Message);
                    failed.TrySetResult();
                }
            };
            await localChannel.BasicConsumeAsync(forward.Queue, autoAck: false, consumer, cancellationToken);
            LogForwarding(forward.Queue, remoteExchange);
            await failed.Task.WaitAsync(cancellationToken);
            metrics.ForwardRetried();
        }
        finally
        {
            await BrokerConnection.CloseQuietlyAsync(remoteChannel, remote);
            await BrokerConnection.CloseQuietlyAsync(localChannel, local);
        }
    }

    private static Task SetFailed(TaskCompletionSource failed)
    {
        failed.TrySetResult();
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Forwarding queue {Queue} to the remote exchange {Exchange}")]
    private partial void LogForwarding(string queue, string exchange);

    [LoggerMessage(LogLevel.Warning, "Forwarding stopped ({ErrorType}: {Error}); reconnecting with backoff")]
    private partial void LogForwardFailed(string errorType, string error);
}
