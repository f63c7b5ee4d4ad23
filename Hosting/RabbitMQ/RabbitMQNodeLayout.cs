namespace Lakehouse.Hosting.RabbitMQ;

/// <summary>Where a private RabbitMQ node keeps its files, all under the resource's data folder.</summary>
internal sealed record RabbitMQNodeLayout(string DataDirectory)
{
    /// <summary>HOME of the node and of rabbitmqctl: it holds their shared <c>.erlang.cookie</c>.</summary>
    public string Home => Path.Combine(DataDirectory, "home");

    public string MnesiaBase => Path.Combine(DataDirectory, "mnesia");

    public string LogBase => Path.Combine(DataDirectory, "log");

    public string PidFile => Path.Combine(DataDirectory, "rabbitmq.pid");

    public string ConfigFile => Path.Combine(DataDirectory, "rabbitmq.conf");

    /// <summary>Never written: pointing at it keeps the system's <c>/etc/rabbitmq/advanced.config</c> out.</summary>
    public string AdvancedConfigFile => Path.Combine(DataDirectory, "advanced.config");

    public string EnabledPluginsFile => Path.Combine(DataDirectory, "enabled_plugins");

    /// <summary>Empty on purpose: keeps the system's <c>/etc/rabbitmq/rabbitmq-env.conf</c> out.</summary>
    public string ConfEnvFile => Path.Combine(DataDirectory, "rabbitmq-env.conf");

    public string Launcher => Path.Combine(DataDirectory, RabbitMQLauncher.FileName);
}
