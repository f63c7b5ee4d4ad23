using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Publishing.Tests.Support;

/// <summary>A server run locally as a program and in a cluster as an image, reached through a connection string (like RabbitMQ).</summary>
public sealed class BrokerResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "broker-server", workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create(
            $"amqp://lakehouse:{password}@{new EndpointReference(this, "tcp").Property(EndpointProperty.Host)}:{new EndpointReference(this, "tcp").Property(EndpointProperty.Port)}");
}
