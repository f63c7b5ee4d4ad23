using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<ServerState>))]
public enum ServerState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("stopping")] Stopping,
    [JsonStringEnumMemberName("stopped")] Stopped,
    [JsonStringEnumMemberName("failed")] Failed,
}
