namespace Lakehouse.Hosting.OpenLdap;

/// <summary>A demo person: a POSIX account with a personal group of the same name and id.</summary>
public sealed record OpenLdapDemoUser(string Name, int Uid, string FullName, IReadOnlyList<string> Groups);

/// <summary>A POSIX group shared by several demo people.</summary>
public sealed record OpenLdapDemoGroup(string Name, int Gid);

/// <summary>
/// What a new directory is seeded with, so that a fresh checkout can log in: <c>alice</c> and <c>bob</c> (plain
/// users) and <c>admin</c> (a hub admin through <see cref="AdminGroup"/>), all with the <c>demo-password</c>.
/// </summary>
public static class OpenLdapDemoData
{
    /// <summary>Members of this group are hub admins; the hub is told so by the AppHost.</summary>
    public const string AdminGroup = "lakehouse-admins";

    /// <summary>Every demo user is in it.</summary>
    public const string TeamGroup = "data-team";

    public static IReadOnlyList<OpenLdapDemoGroup> SharedGroups { get; } =
    [
        new(TeamGroup, 20000),
        new(AdminGroup, 20001),
    ];

    /// <summary>Ids from 10001 up: clear of Debian's system and first local users.</summary>
    public static IReadOnlyList<OpenLdapDemoUser> Users { get; } =
    [
        new("alice", 10001, "Alice Demo", [TeamGroup]),
        new("bob", 10002, "Bob Demo", [TeamGroup]),
        new("admin", 10003, "Admin Demo", [TeamGroup, AdminGroup]),
    ];
}
