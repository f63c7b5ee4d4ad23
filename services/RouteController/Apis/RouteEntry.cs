using System.Text.Json.Serialization;

namespace Lakehouse.RouteController.Apis;

/// <summary>One route as configurable-http-proxy lists it: target, last activity, and the data attached to it.</summary>
public sealed record RouteEntry(
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("last_activity")] string LastActivity,
    [property: JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? User = null,
    [property: JsonPropertyName("hub"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Hub = false,
    [property: JsonPropertyName("sparkui"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool SparkUi = false);
