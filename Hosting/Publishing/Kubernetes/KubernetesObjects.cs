using System.Text.RegularExpressions;

namespace Lakehouse.Hosting.Publishing.Kubernetes;

/// <summary>The parts every published object shares: metadata, labels and name rules.</summary>
public static partial class KubernetesObjects
{
    public const string PartOf = "lakehouse";

    /// <summary><c>apiVersion</c>, <c>kind</c> and <c>metadata</c> (name, namespace when there is one, labels).</summary>
    public static YamlMap Create(string apiVersion, string kind, string name, string? @namespace, YamlMap labels) =>
        new YamlMap()
            .With("apiVersion", apiVersion)
            .With("kind", kind)
            .With("metadata", new YamlMap().With("name", name).With("namespace", @namespace).With("labels", labels));

    public static YamlMap Labels(string name, string component) =>
        new YamlMap()
            .With("app.kubernetes.io/name", name)
            .With("app.kubernetes.io/component", component)
            .With("app.kubernetes.io/instance", PartOf)
            .With("app.kubernetes.io/part-of", PartOf);

    /// <summary>The labels that pick a workload's pods; they never change, as a selector must not.</summary>
    public static YamlMap SelectorLabels(string name) =>
        new YamlMap()
            .With("app.kubernetes.io/name", name)
            .With("app.kubernetes.io/instance", PartOf);

    /// <summary>A map that is written even when empty (<c>podSelector: {}</c> means every pod).</summary>
    public static YamlMap Set(this YamlMap map, string key, object value)
    {
        map[key] = value;
        return map;
    }

    /// <summary>Throws unless <paramref name="name"/> is a DNS label (namespaces, claims, volumes).</summary>
    public static string DnsLabel(string name, string what) =>
        DnsLabelPattern().IsMatch(name)
            ? name
            : throw new PublishingException($"{what} '{name}' is not a Kubernetes name (lower-case letters, digits and '-', at most 63).");

    /// <summary>Container port names are IANA service names: at most 15 characters, with a letter.</summary>
    public static bool IsPortName(string name) => name.Length <= 15 && DnsLabelPattern().IsMatch(name) && name.Any(char.IsAsciiLetter);

    public static bool IsDnsLabel(string name) => DnsLabelPattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();
}
