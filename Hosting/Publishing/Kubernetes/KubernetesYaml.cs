using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>Kubernetes documents are built as ordered maps, so files list fields in the order Kubernetes' docs do.</summary>
public sealed class YamlMap : OrderedDictionary<string, object>
{
    /// <summary>Adds the entry unless the value is null, an empty map or an empty list: absent fields stay absent.</summary>
    public YamlMap With(string key, object? value)
    {
        switch (value)
        {
            case null:
            case YamlMap { Count: 0 }:
            case System.Collections.ICollection { Count: 0 }:
                break;
            default:
                Add(key, value);
                break;
        }

        return this;
    }
}

/// <summary>Writes one Kubernetes document as YAML: block style, strings quoted wherever YAML would read them as
/// another type ("true", "8080"), no line folding, '\n' line ends.</summary>
public static class KubernetesYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    public static string Serialize(YamlMap document, string? headerComment = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        if (headerComment is not null)
        {
            writer.Write(headerComment);
            writer.Write('\n');
        }

        Serializer.Serialize(new Emitter(writer, Settings), document);
        return writer.ToString();
    }
}
