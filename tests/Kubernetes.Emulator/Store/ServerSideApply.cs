using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>
/// Server-side apply, as far as Lakehouse's objects need it. Each field manager owns the fields it applied (leaves;
/// lists are atomic, as the API treats most of ours). An apply merges the new configuration into the live object and
/// removes the fields this manager applied before and leaves out now. A field another manager owns with another value
/// is a conflict (409) unless forced; forcing takes it over.
/// </summary>
public static class ServerSideApply
{
    // Fields the server owns: never taken from, nor pruned by, an applied configuration.
    private static readonly string[] ServerOwned = new[]
    {
        "metadata.uid", "metadata.resourceVersion", "metadata.creationTimestamp", "metadata.generation",
        "metadata.deletionTimestamp", "metadata.deletionGracePeriodSeconds", "metadata.namespace", "status",
    }.Select(p => Separator + p.Replace('.', Separator)).ToArray();

    // Between the steps of a field path: label keys contain '.' and '/'.
    private const char Separator = '\u001f';

    /// <summary>The merged object; updates <paramref name="managers"/> (manager → the configuration it last applied).</summary>
    public static JsonObject Apply(
        JsonObject live, JsonObject applied, string manager, bool force, Dictionary<string, JsonObject> managers, Func<string, ApiError> conflict)
    {
        var newFields = Flatten(applied);
        var conflicts = new List<(string Manager, string Path)>();
        foreach (var (other, configuration) in managers)
        {
            if (other == manager)
            {
                continue;
            }

            foreach (var (path, value) in Flatten(configuration))
            {
                if (newFields.TryGetValue(path, out var mine) && !JsonNode.DeepEquals(mine, value))
                {
                    conflicts.Add((other, path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            var list = string.Join("; ", conflicts.Select(c => $"conflict with \"{c.Manager}\": {c.Path.Replace(Separator, '.')}"));
            throw conflict($"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {list}");
        }

        foreach (var (other, path) in conflicts)
        {
            managers[other] = Without(managers[other], path);
        }

        var result = (JsonObject)live.DeepClone();
        if (managers.TryGetValue(manager, out var previous))
        {
            foreach (var path in Flatten(previous).Keys.Where(p => !newFields.ContainsKey(p) && !IsServerOwned(p)))
            {
                Remove(result, path);
            }
        }

        Merge(result, applied, "");
        managers[manager] = (JsonObject)applied.DeepClone();
        return result;
    }

    private static bool IsServerOwned(string path) => ServerOwned.Any(p => path == p || path.StartsWith(p + Separator, StringComparison.Ordinal));

    private static void Merge(JsonObject target, JsonObject source, string path)
    {
        foreach (var (key, value) in source)
        {
            var childPath = path + Separator + key;
            if (IsServerOwned(childPath))
            {
                continue;
            }

            if (value is JsonObject sourceChild && target[key] is JsonObject targetChild)
            {
                Merge(targetChild, sourceChild, childPath);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>Path → value of every leaf (a scalar or a whole list; an empty object counts as a leaf).</summary>
    private static Dictionary<string, JsonNode?> Flatten(JsonObject configuration)
    {
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Walk(configuration, "");
        return fields;

        void Walk(JsonObject node, string path)
        {
            foreach (var (key, value) in node)
            {
                var childPath = path + Separator + key;
                if (value is JsonObject { Count: > 0 } child)
                {
                    Walk(child, childPath);
                }
                else
                {
                    fields[childPath] = value;
                }
            }
        }
    }

    private static JsonObject Without(JsonObject configuration, string path)
    {
        var copy = (JsonObject)configuration.DeepClone();
        Remove(copy, path);
        return copy;
    }

    private static void Remove(JsonObject root, string path)
    {
        var steps = path.TrimStart(Separator).Split(Separator);
        var node = root;
        foreach (var step in steps[..^1])
        {
            if (node[step] is not JsonObject next)
            {
                return;
            }

            node = next;
        }

        node.Remove(steps[^1]);
    }
}
