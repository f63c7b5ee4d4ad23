using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends.Local;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Spawner.Tests.Backends;

/// <summary>The last check before ids become a server's credentials: system ids never reach <c>setpriv</c>.</summary>
public sealed class ServerCommandTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Theory]
    [InlineData(10001, 6, 10001, "gid 6 is below Spawner:MinimumGid (1000)")]
    [InlineData(10001, 10001, 42, "gid 42 is below Spawner:MinimumGid (1000)")]
    [InlineData(33, 10001, 10001, "uid 33 is below Spawner:MinimumUid (1000)")]
    public void SystemIds_AreRefused(int uid, int gid, int groupGid, string reason)
    {
        var identity = new UserIdentity("alice", uid, gid, [new("group", groupGid)]);

        var error = Assert.Throws<ArgumentException>(() => Create(identity));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void AUsersIds_GoToSetpriv()
    {
        var arguments = Create(TestUsers.Alice).ArgumentList;

        Assert.Contains("/usr/bin/setpriv", arguments);
        Assert.Contains("--reuid=10001", arguments);
        Assert.Contains("--regid=10001", arguments);
        Assert.Contains("--groups=10001,20000", arguments);
    }

    private static System.Diagnostics.ProcessStartInfo Create(UserIdentity identity) =>
        ServerCommand.Create(new SpawnerOptions(), identity, asUser: true, 20000, "/nonexistent/home", "/nonexistent/log", NoEnvironment);
}
