using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>
/// Serialization code generated at build time for the user models, which the API sends most (a page has 200 of
/// them): passing its type information writes them without reflection. Its settings are the API's (snake_case,
/// nulls shown), so the JSON is the same as with the API's options.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UserModel))]
[JsonSerializable(typeof(List<UserModel>))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
