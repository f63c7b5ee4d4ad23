using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>The WaitFor graph: which resources are caught in a cycle, and in which order to stop (dependents first).</summary>
internal static class DependencyGraph
{
    /// <summary>Each resource's level: 0 without waits, otherwise one more than its deepest dependency.
    /// Resources in a cycle are listed in <paramref name="cycles"/> with the path that closes it.</summary>
    public static Dictionary<IResource, int> Levels(IEnumerable<IResource> resources, out Dictionary<IResource, string> cycles)
    {
        var levels = new Dictionary<IResource, int>();
        var found = new Dictionary<IResource, string>();
        var path = new List<IResource>();
        foreach (var resource in resources)
        {
            Visit(resource);
        }

        cycles = found;
        return levels;

        int Visit(IResource resource)
        {
            if (levels.TryGetValue(resource, out var known))
            {
                return known;
            }

            var index = path.IndexOf(resource);
            if (index >= 0)
            {
                var cycle = string.Join(" -> ", path.Skip(index).Append(resource).Select(r => r.Name));
                foreach (var member in path.Skip(index))
                {
                    found.TryAdd(member, cycle);
                }

                return 0;
            }

            path.Add(resource);
            var level = resource.GetWaits().Select(w => Visit(w.Resource) + 1).DefaultIfEmpty(0).Max();
            path.RemoveAt(path.Count - 1);
            levels[resource] = level;
            return level;
        }
    }
}
