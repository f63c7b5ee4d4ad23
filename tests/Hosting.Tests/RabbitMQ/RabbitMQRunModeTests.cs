using Lakehouse.Ldap.Tests.Infrastructure;
using System.Text;
using Lakehouse.Hosting.ApplicationModel;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Lakehouse.Hosting.Tests.RabbitMQ;

/// <summary>Runs a real private rabbitmq-server node from the resource's resolved command, arguments and environment.</summary>
public sealed class RabbitMQRunModeTests
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Private_node_takes_the_connection_string_confirms_publishes_and_stops_with_its_epmd()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").Resource;

        await using var node = await ResourceUnderTest.StartAsync(
            rabbitmq, builder.ExecutionContext, env => $"HOME={env["HOME"]}", cancellationToken);
        var connectionString = await rabbitmq.ConnectionStringExpression.GetValueAsync(cancellationToken);
        Assert.NotNull(connectionString);

        await using (var connection = await PrivateRabbitMQ.WaitForConnectionAsync(connectionString, node, cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken))
        {
            await channel.ExchangeDeclareAsync("lakehouse.logs", ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
            var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue.QueueName, "lakehouse.logs", "service.#", cancellationToken: cancellationToken);

            // With confirmation tracking, this returns only once the broker has confirmed the message.
            var properties = new BasicProperties { Persistent = true };
            await channel.BasicPublishAsync("lakehouse.logs", "service.hub", mandatory: true, properties, Encoding.UTF8.GetBytes("hello"), cancellationToken);

            var delivered = await channel.BasicGetAsync(queue.QueueName, autoAck: true, cancellationToken);
            Assert.NotNull(delivered);
            Assert.Equal("hello", Encoding.UTF8.GetString(delivered.Body.Span));
        }

        // The generated password is the only way in.
        var wrongPassword = new UriBuilder(connectionString) { Password = "not-the-password" }.Uri;
        await Assert.ThrowsAsync<BrokerUnreachableException>(() =>
            new ConnectionFactory { Uri = wrongPassword }.CreateConnectionAsync(cancellationToken));

        // epmd runs in the foreground under the resource's process, not as a daemon.
        var tree = node.FindProcessTree();
        Assert.Contains(tree, p => p.Command.StartsWith("epmd -address 127.0.0.1", StringComparison.Ordinal) && p.ParentPid == node.ProcessId);
        Assert.Contains(tree, p => p.Command.Contains("beam.smp", StringComparison.Ordinal));

        using var stopTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopTimeout.CancelAfter(StopTimeout);
        var exitCode = await node.StopAsync(stopTimeout.Token);
        Assert.True(exitCode == 0, $"The node exited with {exitCode}:\n{node.Output}");
        var leftovers = await PollUntilEmptyAsync(node.FindProcessTree, stopTimeout.Token);
        Assert.True(leftovers.Count == 0, "Still running after the stop: " + string.Join("; ", leftovers.Select(p => $"{p.Pid} {p.Command}")));
    }

    private static async Task<IReadOnlyList<T>> PollUntilEmptyAsync<T>(Func<IReadOnlyList<T>> find, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = find();
            if (found.Count == 0 || cancellationToken.IsCancellationRequested)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }
}
