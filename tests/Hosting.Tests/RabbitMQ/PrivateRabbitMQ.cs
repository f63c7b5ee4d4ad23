using Lakehouse.Hosting.ApplicationModel;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Lakehouse.Hosting.Tests.RabbitMQ;

/// <summary>
/// A private rabbitmq-server node made by <c>AddRabbitMQ</c> and run as the orchestrator would, for tests and
/// benchmarks that need a real broker: started, stopped and started again on the same ports and data (messages in
/// durable queues survive a restart), and killed with everything it started on disposal.
/// </summary>
public sealed class PrivateRabbitMQ : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly RabbitMQServerResource _resource;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private ResourceUnderTest? _node;

    private PrivateRabbitMQ(RabbitMQServerResource resource, DistributedApplicationExecutionContext executionContext, string connectionString)
    {
        _resource = resource;
        _executionContext = executionContext;
        ConnectionString = connectionString;
    }

    /// <summary>The <c>amqp://</c> URI clients get as <c>ConnectionStrings__{name}</c>.</summary>
    public string ConnectionString { get; }

    public bool IsRunning => _node is { HasExited: false };

    /// <summary>Adds the broker to <paramref name="builder"/> (a run-mode builder with its own state folder), starts it
    /// and waits until it accepts connections.</summary>
    public static async Task<PrivateRabbitMQ> StartAsync(IDistributedApplicationBuilder builder, CancellationToken cancellationToken, string name = "rabbitmq")
    {
        var resource = builder.AddRabbitMQ(name).Resource;
        ResourceUnderTest.AllocateEndpoints(resource);
        var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The broker has no connection string.");
        var broker = new PrivateRabbitMQ(resource, builder.ExecutionContext, connectionString);
        try
        {
            await broker.StartAgainAsync(cancellationToken);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>Starts the stopped node again, on the same ports and data folder, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The broker is running.");
        }

        _node = await ResourceUnderTest.StartAsync(_resource, _executionContext, env => $"HOME={env["HOME"]}", cancellationToken);
        await using var connection = await WaitForConnectionAsync(ConnectionString, _node, cancellationToken);
    }

    /// <summary>Stops the node as the orchestrator does (SIGTERM, a clean shutdown) and waits until it and its epmd are gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_node is null)
        {
            return;
        }

        await _node.StopAsync(cancellationToken);
        await _node.DisposeAsync();
        _node = null;
    }

    public async Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        await new ConnectionFactory { Uri = new Uri(ConnectionString) }.CreateConnectionAsync(cancellationToken);

    /// <summary>Connects, retrying while the node boots; fails with the node's output if it exits first.</summary>
    public static async Task<IConnection> WaitForConnectionAsync(string connectionString, ResourceUnderTest node, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (node.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited before accepting connections:\n{node.Output}");
            }

            try
            {
                return await factory.CreateConnectionAsync(timeout.Token);
            }
            catch (BrokerUnreachableException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _node = null;
        }
    }
}
