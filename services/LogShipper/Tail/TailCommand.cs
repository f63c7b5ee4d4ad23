using System.Text;
using System.Text.Json;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Shipping;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Lakehouse.LogShipper.Tail;

/// <summary>
/// <c>tail</c>: binds a private, temporary queue to the exchange and prints each event as it arrives
/// (<c>time key message</c>, or the JSON body with <c>--json</c>). The broker is <c>ConnectionStrings__rabbitmq</c>, else
/// the AppHost's local node found under the state folder (<c>LAKEHOUSE_STATE_DIR</c>).
/// </summary>
public static class TailCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        TailArguments arguments;
        try
        {
            arguments = TailArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{TailArguments.Usage}");
            return 2;
        }

        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")
            ?? (Environment.GetEnvironmentVariable(ShipperPaths.StateDirectoryVariable) is { Length: > 0 } state ? LocalBroker.ConnectionString(state) : null);
        if (connectionString is null)
        {
            await Console.Error.WriteLineAsync(
                "No broker: set ConnectionStrings__rabbitmq to an amqp:// URI, or LAKEHOUSE_STATE_DIR to the AppHost's state folder.");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var exchange = arguments.Exchange ?? new LogShipperOptions().Exchange;
        await using var connection = await BrokerConnection.CreateFactory(connectionString, "lakehouse-log-tail").CreateConnectionAsync(stop.Token);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stop.Token);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, cancellationToken: stop.Token);
        var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: stop.Token);
        await channel.QueueBindAsync(queue.QueueName, exchange, arguments.BindingKey, cancellationToken: stop.Token);

        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var body = Encoding.UTF8.GetString(delivery.Body.Span);
            await Console.Out.WriteLineAsync(arguments.Json ? body : Format(delivery.RoutingKey, body));
            if (arguments.Count is { } count && Interlocked.Increment(ref received) >= count)
            {
                done.TrySetResult();
            }
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, stop.Token);
        await Console.Error.WriteLineAsync($"Tailing exchange {exchange} with binding key {arguments.BindingKey}; Ctrl+C stops.");
        try
        {
            await done.Task.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }

        return 0;
    }

    private static string Format(string routingKey, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var time = root.TryGetProperty("timestamp", out var t) && t.TryGetDateTimeOffset(out var stamp) ? stamp.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "--:--:--.---";
            var message = root.TryGetProperty("message", out var m) ? m.GetString() : body;
            return $"{time} {routingKey} {message}";
        }
        catch (JsonException)
        {
            return $"{routingKey} {body}";
        }
    }
}
