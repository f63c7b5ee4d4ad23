using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.RabbitMQ;

namespace Lakehouse.Hosting;

public static class RabbitMQBuilderExtensions
{
    /// <summary>The AMQP port inside the container in a cluster.</summary>
    private const int ContainerAmqpPort = 5672;

    private const string ContainerImage = "rabbitmq";
    private const string ContainerTag = "3.13-management";
    private const string ContainerDataPath = "/var/lib/rabbitmq";

    /// <summary>
    /// Adds a RabbitMQ broker, as Aspire's <c>AddRabbitMQ</c>. Clients get <c>ConnectionStrings__{name}</c>, an
    /// <c>amqp://</c> URI. Run mode: a private node of Debian's rabbitmq-server on 127.0.0.1 with its own node name,
    /// ports, Erlang cookie and epmd, its data under the state folder. Publish mode: the <c>rabbitmq</c> image with a volume.
    /// </summary>
    /// <param name="userName">The user; <c>lakehouse</c> when not given.</param>
    /// <param name="password">The password; when not given, the secret parameter <c>{name}-password</c>, generated once.</param>
    /// <param name="port">A fixed AMQP port; allocated when not given.</param>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? userName = null,
        IResourceBuilder<ParameterResource>? password = null,
        int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceName.Validate(name);
        var executionContext = builder.ExecutionContext;
        var layout = new RabbitMQNodeLayout(executionContext.GetResourceDataDirectory(name));
        var passwordParameter = password?.Resource ?? builder.AddParameter($"{name}-password", secret: true).Resource;
        var resource = new RabbitMQServerResource(name, userName?.Resource, passwordParameter, "/bin/sh", layout.DataDirectory);

        var rabbitmq = builder.AddResource(resource)
            .WithEndpoint(RabbitMQServerResource.PrimaryEndpointName, "tcp", port, executionContext.IsPublishMode ? ContainerAmqpPort : null)
            .WithTcpHealthCheck(RabbitMQServerResource.PrimaryEndpointName)
            .WithInstallHint(RabbitMQLauncher.InstallHint)
            .PublishAsContainer(ContainerImage, ContainerTag)
            .WithVolume($"{name}-data", ContainerDataPath)
            .WithEnvironment(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    // The image creates this user on its first start; locally rabbitmq.conf does it.
                    context.EnvironmentVariables["RABBITMQ_DEFAULT_USER"] = resource.UserNameReference;
                    context.EnvironmentVariables["RABBITMQ_DEFAULT_PASS"] = resource.PasswordParameter;
                }
                else
                {
                    AddNodeEnvironment(context.EnvironmentVariables, resource, layout);
                }
            });

        if (executionContext.IsRunMode)
        {
            // Erlang's distribution and epmd ports, allocated like any endpoint so two AppHosts never collide.
            rabbitmq
                .WithEndpoint(RabbitMQServerResource.DistributionEndpointName, "tcp")
                .WithEndpoint(RabbitMQServerResource.EpmdEndpointName, "tcp")
                .WithArgs(layout.Launcher)
                .OnBeforeStart(context => WriteNodeFilesAsync(resource, layout, context.CancellationToken));
        }

        return rabbitmq;
    }

    private static async Task WriteNodeFilesAsync(RabbitMQServerResource resource, RabbitMQNodeLayout layout, CancellationToken cancellationToken)
    {
        // The command is /bin/sh, which always exists; say here, as one line, what is really missing.
        if (!File.Exists(RabbitMQLauncher.ServerScript))
        {
            throw new DistributedApplicationException(
                $"rabbitmq-server is not installed ({RabbitMQLauncher.ServerScript} is missing): {RabbitMQLauncher.InstallHint}");
        }

        var userName = resource.UserNameParameter?.Value ?? RabbitMQServerResource.DefaultUserName;
        RabbitMQCredentials.Validate(resource.UserNameParameter is null ? "user" : $"parameter '{resource.UserNameParameter.Name}'", userName);
        var password = resource.PasswordParameter.Value;
        RabbitMQCredentials.Validate($"parameter '{resource.PasswordParameter.Name}'", password);
        await RabbitMQNodeFiles.WriteAsync(layout, resource.PrimaryEndpoint.Port, userName, password, cancellationToken);
    }

    /// <summary>The environment of a private node (see the RabbitMQ recipe in docs/architecture.md).</summary>
    private static void AddNodeEnvironment(Dictionary<string, object> env, RabbitMQServerResource resource, RabbitMQNodeLayout layout)
    {
        const string loopback = "127.0.0.1";
        // Erlang distribution (used by rabbitmqctl) listens on loopback only.
        const string distributionOnLoopback = "-kernel inet_dist_use_interface {127,0,0,1}";

        env["HOME"] = layout.Home;
        env["RABBITMQ_NODENAME"] = $"{resource.Name}@localhost";
        env["RABBITMQ_NODE_IP_ADDRESS"] = loopback;
        env["RABBITMQ_NODE_PORT"] = resource.PrimaryEndpoint.Property(EndpointProperty.Port);
        env["RABBITMQ_DIST_PORT"] = new EndpointReference(resource, RabbitMQServerResource.DistributionEndpointName).Property(EndpointProperty.Port);
        env["ERL_EPMD_ADDRESS"] = loopback;
        env["ERL_EPMD_PORT"] = new EndpointReference(resource, RabbitMQServerResource.EpmdEndpointName).Property(EndpointProperty.Port);
        env["RABBITMQ_MNESIA_BASE"] = layout.MnesiaBase;
        env["RABBITMQ_LOG_BASE"] = layout.LogBase;
        // "-" is the console: the orchestrator captures it for the dashboard and the log shipper.
        env["RABBITMQ_LOGS"] = "-";
        env["RABBITMQ_PID_FILE"] = layout.PidFile;
        env["RABBITMQ_CONFIG_FILE"] = layout.ConfigFile;
        env["RABBITMQ_ADVANCED_CONFIG_FILE"] = layout.AdvancedConfigFile;
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = layout.EnabledPluginsFile;
        env["RABBITMQ_CONF_ENV_FILE"] = layout.ConfEnvFile;
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = distributionOnLoopback;
        env["RABBITMQ_CTL_ERL_ARGS"] = distributionOnLoopback;
    }
}
