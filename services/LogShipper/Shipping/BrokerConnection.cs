using Lakehouse.LogShipper.Options;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// The publishing connection to the local broker (<c>ConnectionStrings:rabbitmq</c>): one channel with publisher
/// confirms, and the durable topic exchange declared. The client's own recovery is off: after any failure the
/// publisher drops the connection and opens a new one with backoff, so a batch is never half on an old channel.
/// </summary>
public sealed partial class BrokerConnection(IConfiguration configuration, IOptions<LogShipperOptions> options, TimeProvider timeProvider, ILogger<BrokerConnection> logger)
    : IAsyncDisposable
{
    public const string ConnectionStringName = "rabbitmq";

    private IConnection? _connection;
    private IChannel? _channel;
    private DateTimeOffset? _downSince;

    public bool IsConnected => _channel is { IsOpen: true };

    /// <summary>Why the last attempt failed, for <c>/health</c>; null while connected.</summary>
    public string? LastError { get; private set; } = "not connected yet";

    public DateTimeOffset? DownSince => _downSince;

    public static ConnectionFactory CreateFactory(string connectionString, string clientName) => new()
    {
        Uri = new Uri(connectionString),
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
        ClientProvidedName = clientName,
        RequestedHeartbeat = TimeSpan.FromSeconds(10),
    };

    /// <summary>Confirms tracked by the client; no throttling, the batch size bounds what is outstanding.</summary>
    public static CreateChannelOptions ConfirmingChannel => new(
        publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null);

    public async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await ResetAsync();
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set: the log shipper needs the broker's amqp:// URI.");
        _connection = await CreateFactory(connectionString, "lakehouse-log-shipper").CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(ConfirmingChannel, cancellationToken);
        await _channel.ExchangeDeclareAsync(options.Value.Exchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        if (_downSince is { } since)
        {
            LogReconnected(timeProvider.GetUtcNow() - since);
        }

        _downSince = null;
        LastError = null;
        return _channel;
    }

    public void Failed(Exception error)
    {
        _downSince ??= timeProvider.GetUtcNow();
        LastError = error.Message;
    }

    public async Task ResetAsync()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        await CloseQuietlyAsync(channel, connection);
    }

    public static async Task CloseQuietlyAsync(IChannel? channel, IConnection? connection)
    {
        foreach (var closable in new IAsyncDisposable?[] { channel, connection })
        {
            try
            {
                if (closable is not null)
                {
                    await closable.DisposeAsync();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Already broken: the broker went away under it.
            }
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    [LoggerMessage(LogLevel.Information, "Connected to the broker again after {Downtime}")]
    private partial void LogReconnected(TimeSpan downtime);
}
