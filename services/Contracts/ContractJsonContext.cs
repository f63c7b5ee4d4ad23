using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

/// <summary>
/// Source-generated JSON of the contracts (no reflection, so that services compiled ahead of time can use them), with
/// the settings <see cref="ContractJson.Apply"/> gives other options: camelCase, names matched in any case, absent
/// optional fields left out.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerStatus))]
[JsonSerializable(typeof(List<ServerStatus>))]
[JsonSerializable(typeof(IReadOnlyList<ServerStatus>))]
[JsonSerializable(typeof(ProgressEvent))]
[JsonSerializable(typeof(StartServerRequest))]
[JsonSerializable(typeof(UserIdentity))]
[JsonSerializable(typeof(List<GroupMembership>))]
[JsonSerializable(typeof(EnsureHomeRequest))]
[JsonSerializable(typeof(SetQuotaRequest))]
[JsonSerializable(typeof(HomeVolume))]
[JsonSerializable(typeof(List<HomeVolume>))]
[JsonSerializable(typeof(HomeEntry))]
[JsonSerializable(typeof(List<HomeEntry>))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
