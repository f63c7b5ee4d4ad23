using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Spawner.State;

/// <summary>Source-generated JSON of the server records, in the contracts' shape (<see cref="Contracts.ContractJson"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerRecord))]
internal sealed partial class ServerRecordJsonContext : JsonSerializerContext;
