using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Tests.RabbitMQ;

public sealed class RabbitMQPublishModeTests
{
    [Fact]
    public async Task Publishes_the_image_with_its_user_password_volume_and_an_aspire_connection_string()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Publish);
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").Resource;

        Assert.Equal(
            "amqp://lakehouse:{rabbitmq-password.value}@{rabbitmq.bindings.tcp.host}:{rabbitmq.bindings.tcp.port}",
            rabbitmq.ConnectionStringExpression.ValueExpression);
        Assert.Equal("{rabbitmq.connectionString}", ((IManifestExpressionProvider)rabbitmq).ValueExpression);

        var password = Assert.IsType<ParameterResource>(builder.Resources.Single(r => r.Name == "rabbitmq-password"));
        Assert.True(password.Secret);
        Assert.IsType<GenerateParameterDefault>(password.Default);

        var environment = await ResourceEnvironment.GetEnvironmentAsync(rabbitmq, builder.ExecutionContext, cancellationToken);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["RABBITMQ_DEFAULT_USER"] = "lakehouse",
                ["RABBITMQ_DEFAULT_PASS"] = "{rabbitmq-password.value}",
            },
            environment.ToDictionary(e => e.Key, e => ResourceEnvironment.ToManifestValue(e.Value)));
        Assert.Empty(await ResourceEnvironment.GetArgumentsAsync(rabbitmq, builder.ExecutionContext, cancellationToken));

        var endpoint = Assert.Single(rabbitmq.GetEndpoints());
        Assert.Equal(("tcp", "tcp", "tcp", 5672), (endpoint.Name, endpoint.UriScheme, endpoint.Transport, endpoint.TargetPort));
        var image = Assert.Single(rabbitmq.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("rabbitmq:3.13-management", image.Reference);
        Assert.Null(image.Registry);
        Assert.Equal(new ContainerVolumeAnnotation("rabbitmq-data", "/var/lib/rabbitmq"), Assert.Single(rabbitmq.Annotations.OfType<ContainerVolumeAnnotation>()));
        Assert.Equal(new TcpHealthCheckAnnotation("tcp"), Assert.Single(rabbitmq.Annotations.OfType<HealthCheckAnnotation>()));

        // Publishing neither generates the secret nor writes node files.
        Assert.Empty(Directory.EnumerateFileSystemEntries(state.Path));
    }

    [Fact]
    public void A_given_user_parameter_shows_in_the_connection_string()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Publish);
        var user = builder.AddParameter("broker-user");
        var password = builder.AddParameter("broker-secret", secret: true);

        var rabbitmq = builder.AddRabbitMQ("broker", user, password).Resource;

        Assert.Equal(
            "amqp://{broker-user.value}:{broker-secret.value}@{broker.bindings.tcp.host}:{broker.bindings.tcp.port}",
            rabbitmq.ConnectionStringExpression.ValueExpression);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "broker-password");
    }
}
