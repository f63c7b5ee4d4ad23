namespace Lakehouse.Hub.Data;

/// <summary>A hub group (JupyterHub's groups API), independent of the LDAP posixGroups.</summary>
public sealed class Group
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<GroupMember> Members { get; set; } = [];
}
