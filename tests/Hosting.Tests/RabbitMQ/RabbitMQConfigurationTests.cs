using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Tests.RabbitMQ;

/// <summary>What run mode writes and resolves before the node starts.</summary>
public sealed class RabbitMQConfigurationTests
{
    [Fact]
    public async Task Node_gets_private_loopback_ports_folders_and_a_config_readable_only_by_its_owner()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").Resource;

        ResourceUnderTest.AllocateEndpoints(rabbitmq);
        await ResourceUnderTest.RunBeforeStartAsync(rabbitmq, builder.ExecutionContext, cancellationToken);
        var env = await ResourceUnderTest.ResolveEnvironmentAsync(rabbitmq, builder.ExecutionContext, cancellationToken);

        var data = Path.Combine(state.Path, "resources", "rabbitmq");
        var port = rabbitmq.PrimaryEndpoint.Port;
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), env["RABBITMQ_NODE_PORT"]);
        Assert.Equal(3, new[] { env["RABBITMQ_NODE_PORT"], env["RABBITMQ_DIST_PORT"], env["ERL_EPMD_PORT"] }.Distinct().Count());
        Assert.Equal("127.0.0.1", env["ERL_EPMD_ADDRESS"]);
        Assert.Equal("rabbitmq@localhost", env["RABBITMQ_NODENAME"]);
        Assert.Equal(Path.Combine(data, "home"), env["HOME"]);
        Assert.All(
            new[] { "RABBITMQ_MNESIA_BASE", "RABBITMQ_LOG_BASE", "RABBITMQ_PID_FILE", "RABBITMQ_CONFIG_FILE", "RABBITMQ_ENABLED_PLUGINS_FILE", "RABBITMQ_CONF_ENV_FILE" },
            name => Assert.StartsWith(data + "/", env[name], StringComparison.Ordinal));
        Assert.Contains("inet_dist_use_interface {127,0,0,1}", env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"], StringComparison.Ordinal);
        Assert.Equal(env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"], env["RABBITMQ_CTL_ERL_ARGS"]);

        var password = ((ParameterResource)builder.Resources.Single(r => r.Name == "rabbitmq-password")).Value;
        Assert.True(password.Length >= 22);
        var config = await File.ReadAllTextAsync(env["RABBITMQ_CONFIG_FILE"], cancellationToken);
        Assert.Contains($"listeners.tcp.default = 127.0.0.1:{port}\n", config, StringComparison.Ordinal);
        Assert.Contains("default_user = lakehouse\n", config, StringComparison.Ordinal);
        Assert.Contains($"default_pass = {password}\n", config, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env["RABBITMQ_CONFIG_FILE"]));
        Assert.Equal(
            $"amqp://lakehouse:{password}@127.0.0.1:{port}",
            await rabbitmq.ConnectionStringExpression.GetValueAsync(cancellationToken));

        // The generated password is kept: a second AppHost run on the same state folder gets the same one.
        var again = state.CreateBuilder(DistributedApplicationOperation.Run);
        again.AddRabbitMQ("rabbitmq");
        Assert.Equal(password, ((ParameterResource)again.Resources.Single(r => r.Name == "rabbitmq-password")).Value);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("p@ss:word")]
    [InlineData("new\nline")]
    public async Task A_password_that_would_break_the_config_or_the_uri_is_refused_before_anything_is_written(string password)
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run, $"--Parameters:rabbitmq-password={password}");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq").Resource;
        ResourceUnderTest.AllocateEndpoints(rabbitmq);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() =>
            ResourceUnderTest.RunBeforeStartAsync(rabbitmq, builder.ExecutionContext, TestContext.Current.CancellationToken));

        Assert.Contains("'rabbitmq-password'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(state.Path, "resources", "rabbitmq")));
    }
}
