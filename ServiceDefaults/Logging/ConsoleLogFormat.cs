using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Lakehouse.ServiceDefaults.Logging;

/// <summary>
/// Console log format: JSON in a cluster (log collectors parse it), one readable line per entry locally. The choice
/// and its formatter options are added as lowest-precedence configuration, so any explicit
/// <c>Logging:Console</c> setting still wins.
/// </summary>
public static class ConsoleLogFormat
{
    public const string FormatterNameKey = "Logging:Console:FormatterName";
    public const string KubernetesServiceHostKey = "KUBERNETES_SERVICE_HOST";
    public const string Json = "json";
    public const string Simple = "simple";

    private const string FormatterOptions = "Logging:Console:FormatterOptions:";

    public static string Choose(IConfiguration configuration) =>
        configuration[FormatterNameKey] is { Length: > 0 } explicitName ? explicitName
        : string.IsNullOrEmpty(configuration[KubernetesServiceHostKey]) ? Simple
        : Json;

    public static void AddDefaults(IConfigurationBuilder configuration, string formatterName)
    {
        Dictionary<string, string?> defaults = string.Equals(formatterName, Json, StringComparison.OrdinalIgnoreCase)
            ? new()
            {
                [FormatterNameKey] = Json,
                [FormatterOptions + "UseUtcTimestamp"] = "true",
                [FormatterOptions + "TimestampFormat"] = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
                [FormatterOptions + "IncludeScopes"] = "true",
            }
            : new()
            {
                [FormatterNameKey] = formatterName,
                [FormatterOptions + "SingleLine"] = "true",
                [FormatterOptions + "TimestampFormat"] = "HH:mm:ss ",
            };

        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
    }
}
