using Lakehouse.Hub.Data;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>JupyterHub's group model.</summary>
public sealed record GroupModel(string Kind, string Name, IReadOnlyList<string> Users)
{
    public static GroupModel From(Group group) =>
        new("group", group.Name, group.Members.Select(m => m.User.Name).Order(StringComparer.Ordinal).ToList());
}
