using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Tests;

public class ReferenceExpressionTests
{
    private sealed class FakeEndpoints(string name) : Resource(name), IResourceWithEndpoints;

    [Fact]
    public async Task Resolves_in_run_mode_and_writes_expressions_for_the_manifest()
    {
        var rabbit = new FakeEndpoints("rabbitmq");
        rabbit.Annotations.Add(new EndpointAnnotation("tcp", "tcp") { AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", 5673, "tcp") });
        var endpoint = new EndpointReference(rabbit, "tcp");

        var expression = ReferenceExpression.Create($"amqp://{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}/{{vhost}}");

        Assert.Equal("amqp://{rabbitmq.bindings.tcp.host}:{rabbitmq.bindings.tcp.port}/{vhost}", expression.ValueExpression);
        Assert.Equal("amqp://127.0.0.1:5673/{vhost}", await expression.GetValueAsync(TestContext.Current.CancellationToken));
    }
}
