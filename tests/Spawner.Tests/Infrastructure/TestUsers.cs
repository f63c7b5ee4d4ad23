using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Tests.Infrastructure;

/// <summary>Identities as the hub would send them from LDAP; the uids have no passwd entry on this machine.</summary>
internal static class TestUsers
{
    public static readonly UserIdentity Alice = new("alice", 10001, 10001, [new("alice", 10001), new("data", 20000)]);

    public static readonly UserIdentity Bob = new("bob", 10002, 10002, [new("bob", 10002)]);
}
