namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// A RabbitMQ broker: a private node of Debian's rabbitmq-server in run mode, the <c>rabbitmq</c> image in a cluster.
/// Same name and namespace as Aspire's, so that moving to Aspire.Hosting.RabbitMQ is mechanical.
/// </summary>
public sealed class RabbitMQServerResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string DistributionEndpointName = "dist";
    internal const string EpmdEndpointName = "epmd";
    internal const string DefaultUserName = "lakehouse";

    public RabbitMQServerResource(string name, ParameterResource? userName, ParameterResource password, string command, string workingDirectory)
        : base(name, command, workingDirectory)
    {
        UserNameParameter = userName;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The AMQP endpoint (<c>tcp</c>).</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The user's parameter; when null the user is <c>lakehouse</c>.</summary>
    public ParameterResource? UserNameParameter { get; }

    public ParameterResource PasswordParameter { get; }

    /// <summary>The user as a literal or a parameter, for expressions: <c>lakehouse</c> or <c>{rabbitmq-user.value}</c>.</summary>
    public ReferenceExpression UserNameReference =>
        UserNameParameter is null ? ReferenceExpression.Create($"{DefaultUserName}") : ReferenceExpression.Create($"{UserNameParameter}");

    /// <summary><c>amqp://{user}:{password}@{host}:{port}</c>, as Aspire gives it to clients.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserNameReference}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
