using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Lakehouse.RouteController.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>One message as a consumer of the exchange sees it. <paramref name="Redelivered"/> is the broker's flag for a
/// delivery it gives again because its ack was not recorded, as when the broker stops before the consumer's ack reaches it.</summary>
internal sealed record ShippedEvent(string RoutingKey, string? MessageId, bool Persistent, JsonElement Body, bool Redelivered)
{
    public string Id => Body.GetProperty("id").GetString()!;

    public string Message => Body.GetProperty("message").GetString()!;

    public string? Field(string name) => Body.TryGetProperty(name, out var value) ? value.ToString() : null;
}

/// <summary>
/// Everything that reaches a durable queue bound to the exchange, declared before the shipper starts so nothing
/// is missed. The consumer reconnects by itself when the broker restarts; the queue keeps messages meanwhile.
/// </summary>
internal sealed class ShippedEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<ShippedEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _connectionString;
    private readonly string _queue;
    private Task _consuming = Task.CompletedTask;

    private ShippedEvents(string connectionString, string queue) => (_connectionString, _queue) = (connectionString, queue);

    public IReadOnlyList<ShippedEvent> All => [.. _events];

    public int Count => _events.Count;

    public static async Task<ShippedEvents> BindAsync(string connectionString, string exchange, string bindingKey = "#")
    {
        var queue = exchange + ".test";
        await using (var connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync(TestContext.Current.CancellationToken))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, cancellationToken: TestContext.Current.CancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
            await channel.QueueBindAsync(queue, exchange, bindingKey, cancellationToken: TestContext.Current.CancellationToken);
        }

        var events = new ShippedEvents(connectionString, queue);
        events._consuming = events.ConsumeAsync();
        return events;
    }

    /// <summary>Waits until the events satisfy <paramref name="condition"/>; fails naming what is there otherwise.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ShippedEvent>, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Poll.UntilAsync(() => condition(All), what, timeout ?? TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}; {Count} events arrived, the last: " +
                        string.Join(" | ", All.TakeLast(5).Select(e => $"{e.RoutingKey} {e.Message}")));
        }
    }

    private async Task ConsumeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await new ConnectionFactory { Uri = new Uri(_connectionString), AutomaticRecoveryEnabled = false }
                    .CreateConnectionAsync(_stop.Token);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: _stop.Token);
                await channel.BasicQosAsync(0, 500, global: false, _stop.Token);
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection.ConnectionShutdownAsync += (_, _) =>
                {
                    closed.TrySetResult();
                    return Task.CompletedTask;
                };
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    var body = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span)).RootElement.Clone();
                    _events.Enqueue(new ShippedEvent(delivery.RoutingKey, delivery.BasicProperties.MessageId, delivery.BasicProperties.Persistent, body, delivery.Redelivered));
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                };
                await channel.BasicConsumeAsync(_queue, autoAck: false, consumer, _stop.Token);
                await closed.Task.WaitAsync(_stop.Token);
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // The broker is restarting: try again shortly.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(300, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _consuming;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
