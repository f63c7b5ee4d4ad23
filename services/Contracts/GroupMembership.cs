namespace Lakehouse.Contracts;

/// <summary>A POSIX group the user belongs to (LDAP posixGroup: cn and gidNumber).</summary>
public sealed record GroupMembership(string Name, int Gid);
