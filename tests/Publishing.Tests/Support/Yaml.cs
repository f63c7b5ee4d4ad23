using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Lakehouse.Publishing.Tests.Support;

/// <summary>Reads a YAML document as JSON nodes (every scalar a string), for assertions by path.</summary>
public static class Yaml
{
    public static JsonNode Parse(string yaml)
    {
        var document = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(document);
        return JsonNode.Parse(json)!;
    }
}
