using Microsoft.Extensions.Options;

namespace Lakehouse.LogShipper.Options;

/// <summary>The local defaults, under the state folder (<c>Lakehouse:StateDirectory</c> or <c>LAKEHOUSE_STATE_DIR</c>).</summary>
public sealed class ShipperPaths(IConfiguration configuration, IOptions<LogShipperOptions> options)
{
    public const string StateDirectoryKey = "Lakehouse:StateDirectory";
    public const string StateDirectoryVariable = "LAKEHOUSE_STATE_DIR";

    public string StateDirectory =>
        configuration[StateDirectoryKey] is { Length: > 0 } configured ? configured
        : configuration[StateDirectoryVariable] is { Length: > 0 } fromEnvironment ? fromEnvironment
        : throw new InvalidOperationException(
            $"The log shipper needs {StateDirectoryKey} (or {StateDirectoryVariable}) unless LogShipper:Sources and LogShipper:RegistryPath are set.");

    public string DefaultRegistry => Path.Combine(StateDirectory, "log-shipper", "registry.json");

    /// <summary>The configured sources, or the AppHost's and the spawner's log folders.</summary>
    public IReadOnlyList<LogSourceOptions> Sources => options.Value.Sources.Count > 0
        ? options.Value.Sources
        :
        [
            new LogSourceOptions { Path = Path.Combine(StateDirectory, "logs", "*.log"), Kind = SourceKind.Service },
            new LogSourceOptions { Path = Path.Combine(StateDirectory, "logs", "servers", "*.log"), Kind = SourceKind.Server },
        ];
}
