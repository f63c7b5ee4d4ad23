namespace Lakehouse.Hub.Data;

/// <summary>A hub user. The POSIX identity (uid, gid, groups) is a snapshot from the last LDAP login.</summary>
public sealed class User
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool Admin { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastActivity { get; set; }

    public int? Uid { get; set; }

    public int? Gid { get; set; }

    /// <summary>JSON array of <c>{"name","gid"}</c>, as the spawner's <c>UserIdentity.groups</c>.</summary>
    public string? PosixGroups { get; set; }

    public DateTime? LastLogin { get; set; }

    public List<GroupMember> Memberships { get; set; } = [];
}
