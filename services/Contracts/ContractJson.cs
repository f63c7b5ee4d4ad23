using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

/// <summary>
/// The JSON shape of every contract here: camelCase, absent optional fields left out. Only the contract types are
/// known (source-generated, <see cref="ContractJsonContext"/>): serializing anything else with these options throws.
/// </summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options => ContractJsonContext.Default.Options;

    /// <summary>
    /// Applies the contract settings to options owned by someone else (ASP.NET Core's JSON options) and puts the
    /// contracts first in their resolver chain.
    /// </summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolverChain.Insert(0, ContractJsonContext.Default);
    }
}
