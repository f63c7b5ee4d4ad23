using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>
/// The validation the API server does for the objects Lakehouse writes: names (DNS-1123 subdomain; DNS-1035 label
/// for Services), label keys and values, a pod's containers, a Service's ports, ownerReferences. Failures are 422.
/// </summary>
public static partial class ObjectValidator
{
    public static void Validate(ResourceInfo resource, JsonObject item)
    {
        var causes = new List<(string, string)>();
        var name = item["metadata"]?["name"]?.GetValue<string>() ?? "";
        CheckName(resource, name, causes);
        CheckLabels(item["metadata"]?["labels"] as JsonObject, causes);
        CheckOwnerReferences(item["metadata"]?["ownerReferences"] as JsonArray, causes);
        switch (resource.Plural)
        {
            case "pods":
                CheckPod(item, causes);
                break;
            case "services":
                CheckService(item, causes);
                break;
        }

        if (causes.Count > 0)
        {
            throw ApiError.Invalid(resource, name, causes);
        }
    }

    public static bool IsLabel(string value) => value.Length <= 63 && Dns1123Label().IsMatch(value);

    private static void CheckName(ResourceInfo resource, string name, List<(string, string)> causes)
    {
        if (name.Length == 0)
        {
            causes.Add(("metadata.name", "Required value: name or generateName is required"));
            return;
        }

        var valid = resource.Names switch
        {
            NameRule.Rfc1035Label => name.Length <= 63 && Dns1035Label().IsMatch(name),
            _ => name.Length <= 253 && Dns1123Subdomain().IsMatch(name),
        };
        if (!valid)
        {
            var rule = resource.Names == NameRule.Rfc1035Label
                ? "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
            causes.Add(("metadata.name", $"Invalid value: \"{name}\": {rule}"));
        }
    }

    private static void CheckLabels(JsonObject? labels, List<(string, string)> causes)
    {
        foreach (var (key, value) in labels ?? [])
        {
            var keyName = key.Contains('/') ? key[(key.IndexOf('/') + 1)..] : key;
            if (keyName.Length is 0 or > 63 || !LabelValue().IsMatch(keyName))
            {
                causes.Add(($"metadata.labels", $"Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.'"));
            }

            var text = value?.GetValue<string>() ?? "";
            if (text.Length > 63 || (text.Length > 0 && !LabelValue().IsMatch(text)))
            {
                causes.Add(($"metadata.labels", $"Invalid value: \"{text}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"));
            }
        }
    }

    private static void CheckOwnerReferences(JsonArray? references, List<(string, string)> causes)
    {
        var controllers = 0;
        foreach (var (reference, i) in (references ?? []).Select((r, i) => (r as JsonObject, i)))
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (reference?[field]?.GetValue<string>() is not { Length: > 0 })
                {
                    causes.Add(($"metadata.ownerReferences[{i}].{field}", "Required value"));
                }
            }

            if (reference?["controller"]?.GetValue<bool>() == true)
            {
                controllers++;
            }
        }

        if (controllers > 1)
        {
            causes.Add(("metadata.ownerReferences", "Invalid value: only one reference can have Controller set to true"));
        }
    }

    private static void CheckPod(JsonObject pod, List<(string, string)> causes)
    {
        if (pod["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            causes.Add(("spec.containers", "Required value"));
            return;
        }

        foreach (var (container, i) in containers.Select((c, i) => (c, i)))
        {
            if (container?["name"]?.GetValue<string>() is not { } name || !IsLabel(name))
            {
                causes.Add(($"spec.containers[{i}].name", "Invalid value: must be a DNS-1123 label"));
            }

            if (container?["image"]?.GetValue<string>() is not { Length: > 0 })
            {
                causes.Add(($"spec.containers[{i}].image", "Required value"));
            }
        }
    }

    private static void CheckService(JsonObject service, List<(string, string)> causes)
    {
        if (service["spec"]?["ports"] is not JsonArray { Count: > 0 } ports)
        {
            causes.Add(("spec.ports", "Required value"));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, i) in ports.Select((p, i) => (p, i)))
        {
            if (JsonNumbers.AsLong(port?["port"]) is not { } value || value is < 1 or > 65535)
            {
                causes.Add(($"spec.ports[{i}].port", "Invalid value: must be between 1 and 65535, inclusive"));
            }

            var name = port?["name"]?.GetValue<string>() ?? "";
            if (ports.Count > 1 && (name.Length == 0 || !names.Add(name)))
            {
                causes.Add(($"spec.ports[{i}].name", name.Length == 0 ? "Required value" : $"Duplicate value: \"{name}\""));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
