using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

/// <summary>
/// Who a server runs for, as the hub read it from LDAP at login: normalized name, uidNumber, gidNumber and the
/// posixGroups (the primary group included).
/// </summary>
public sealed record UserIdentity(string Name, int Uid, int Gid, IReadOnlyList<GroupMembership>? Groups = null, bool Admin = false)
{
    public IReadOnlyList<GroupMembership> Groups { get; init; } = Groups ?? [];

    /// <summary><c>EXTERNAL_GROUPS</c> as in the LSST lab contract: <c>name:gid,name:gid</c>.</summary>
    [JsonIgnore]
    public string ExternalGroups => string.Join(',', Groups.Select(g => $"{g.Name}:{g.Gid}"));
}
