using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Hub.Users;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Data;

/// <summary>
/// The services' queries give the same answers on both engines, where the dialects differ: lists of names (a JSON
/// array on SQLite, an array on PostgreSQL), prefix filters with LIKE's wildcards in them, conflicts on unique
/// indexes, batches, joins of users and groups.
/// </summary>
public sealed class QueryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_sqlite_the_services_read_and_write_as_the_api_expects()
    {
        using var folder = new TemporaryStateDirectory();
        await using var hub = await HubDatabaseHost.StartSqliteAsync(Path.Combine(folder.Path, "hub.db"));
        await AssertScenarioAsync(hub);
    }

    [Fact]
    public async Task On_postgresql_the_services_read_and_write_as_the_api_expects()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var hub = await HubDatabaseHost.StartPostgresAsync(postgres.ConnectionString);
        await AssertScenarioAsync(hub);
    }

    private static async Task AssertScenarioAsync(HubDatabaseHost hub)
    {
        var users = hub.Get<UserService>();
        var groups = hub.Get<GroupService>();

        Assert.Equal(["a_1", "ab1", "a%1", "zed"], (await users.CreateAsync(["a_1", "ab1", "a%1", "zed", "ab1"], admin: false, Cancel)).Select(u => u.Name));
        Assert.Equal(["carol"], (await users.CreateAsync(["zed", "carol"], admin: true, Cancel)).Select(u => u.Name));
        Assert.Equal(5, await users.CountAsync(Cancel));

        // The prefix's wildcards are literal; names keep or drop exactly those; pages follow the ids.
        Assert.Equal("a_1 (1)", Names(await users.ListAsync(0, 10, "a_", null, exclude: false, Cancel)));
        Assert.Equal("a%1 (1)", Names(await users.ListAsync(0, 10, "a%", null, exclude: false, Cancel)));
        // Names are lower case, so a prefix in capitals finds the same users on either engine.
        Assert.Equal("ab1 (1)", Names(await users.ListAsync(0, 10, "AB", null, exclude: false, Cancel)));
        Assert.Equal("ab1,zed (2)", Names(await users.ListAsync(0, 10, null, ["zed", "ab1", "nobody"], exclude: false, Cancel)));
        Assert.Equal("a_1,a%1,carol (3)", Names(await users.ListAsync(0, 10, null, ["zed", "ab1"], exclude: true, Cancel)));
        Assert.Equal("a%1,zed (not counted)", Names(await users.ListAsync(2, 2, null, null, exclude: false, Cancel, countTotal: false)));

        Assert.Equal(GroupChange.UnknownUser("nobody"), await groups.CreateAsync("team", ["zed", "nobody"], Cancel));
        Assert.Null(await groups.FindAsync("team", Cancel));
        Assert.Equal(GroupChange.Done, await groups.CreateAsync("team", ["zed", "ab1"], Cancel));
        Assert.Equal(GroupChange.Exists, await groups.CreateAsync("team", [], Cancel));
        Assert.Equal(GroupChange.Done, await groups.CreateAsync("empty", [], Cancel));
        Assert.Equal(GroupChange.Done, await groups.ChangeMembersAsync("team", ["a_1", "ab1"], add: true, Cancel));
        Assert.Equal(GroupChange.Done, await groups.ChangeMembersAsync("team", ["zed"], add: false, Cancel));
        Assert.Equal(GroupChange.NoGroup, await groups.ChangeMembersAsync("nogroup", ["zed"], add: true, Cancel));
        // One unknown user and nothing of the change is kept, adding or removing.
        Assert.Equal(GroupChange.UnknownUser("nobody"), await groups.ChangeMembersAsync("empty", ["zed", "nobody"], add: true, Cancel));
        Assert.Equal(GroupChange.UnknownUser("nobody"), await groups.ChangeMembersAsync("team", ["a_1", "nobody"], add: false, Cancel));
        Assert.Equal(["a_1", "ab1"], (await groups.FindAsync("team", Cancel))!.Members.Select(m => m.User.Name));
        Assert.Equal(["team:a_1,ab1", "empty:"], (await groups.ListAsync(0, 10, Cancel)).Select(g => $"{g.Name}:{string.Join(',', g.Members.Select(m => m.User.Name))}"));
        Assert.Equal(["team"], (await users.FindAsync("ab1", Cancel))!.Memberships.Select(m => m.Group.Name));

        // A rename to a taken name is refused; otherwise name and admin change together.
        Assert.False(await users.UpdateAsync("a_1", admin: null, newName: "zed", Cancel));
        Assert.True(await users.UpdateAsync("ab1", admin: true, newName: "ab2", Cancel));
        var renamed = await users.FindAsync("ab2", Cancel);
        Assert.True(renamed!.Admin);
        Assert.Equal(["team"], renamed.Memberships.Select(m => m.Group.Name));

        // Activity only moves forward, and unknown names are not counted.
        var seen = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1, await users.RecordActivityAsync(new Dictionary<string, DateTime> { ["ab2"] = seen, ["nobody"] = seen }, Cancel));
        Assert.Equal(1, await users.RecordActivityAsync(new Dictionary<string, DateTime> { ["ab2"] = seen.AddHours(-1) }, Cancel));
        Assert.Equal(seen, (await users.LastActivityAsync(["ab2", "nobody"], Cancel)).Single().Value);

        // A login creates the user, then keeps the identity it gives; one that gives none leaves the known identity.
        var login = new AuthenticatedUser("newbie", 10009, 10009, [new UserGroup("newbie", 10009)], Admin: false);
        var created = await users.RecordLoginAsync(login, Cancel);
        var again = await users.RecordLoginAsync(login with { Gid = 20000 }, Cancel);
        Assert.Equal((created.Id, 10009, 20000), (again.Id, again.Uid, again.Gid));
        Assert.Equal(20000, (await users.FindAsync("newbie", Cancel))!.Gid);
        var withoutIds = await users.RecordLoginAsync(login with { Uid = null, Gid = null, Groups = [] }, Cancel);
        Assert.Equal((created.Id, 10009, 20000), (withoutIds.Id, withoutIds.Uid, withoutIds.Gid));
        Assert.Equal(again.PosixGroups, withoutIds.PosixGroups);
        Assert.True(withoutIds.LastLogin >= created.LastLogin);

        // Admin granted in the hub survives a login, unless the identity source manages admin by its groups.
        Assert.True(await users.UpdateAsync("newbie", admin: true, newName: null, Cancel));
        Assert.True((await users.RecordLoginAsync(login, Cancel)).Admin);
        Assert.False((await users.RecordLoginAsync(login with { AdminFromGroups = true }, Cancel)).Admin);
        Assert.True((await users.RecordLoginAsync(login with { Admin = true }, Cancel)).Admin);

        // Activity newer than the login is kept.
        var later = DateTime.UtcNow.AddHours(1);
        Assert.Equal(1, await users.RecordActivityAsync(new Dictionary<string, DateTime> { ["newbie"] = later }, Cancel));
        Assert.Equal(later, (await users.RecordLoginAsync(login, Cancel)).LastActivity!.Value, TimeSpan.FromMilliseconds(1));

        // Deleted, a user who logs in again is a new row.
        Assert.True(await users.DeleteAsync("newbie", Cancel));
        var returned = await users.RecordLoginAsync(login, Cancel);
        Assert.NotEqual(created.Id, returned.Id);
        Assert.False(returned.Admin);
        Assert.Equal(returned.Id, (await users.FindAsync("newbie", Cancel))!.Id);

        // Tokens and sessions find their owner with the owner's groups, and are gone once deleted.
        var tokens = hub.Get<ApiTokenService>();
        var (token, secret) = await tokens.CreateAsync(renamed, "note", ["read:users"], TimeSpan.FromHours(1), Cancel);
        var found = await tokens.FindBySecretAsync(secret, Cancel);
        Assert.Equal((token.Id, "ab2", "read:users"), (found!.Id, found.User.Name, found.Scopes));
        Assert.Equal(["team"], found.User.Memberships.Select(m => m.Group.Name));
        Assert.Null(await tokens.FindBySecretAsync(secret + "x", Cancel));
        var sessions = hub.Get<SessionService>();
        var (session, _) = await sessions.CreateAsync(renamed.Id, Cancel);
        Assert.Equal("ab2", (await sessions.FindUserAsync(session, Cancel))!.Name);

        Assert.True(await users.DeleteAsync("ab2", Cancel));
        Assert.False(await users.DeleteAsync("ab2", Cancel));
        Assert.Null(await sessions.FindUserAsync(session, Cancel));
        Assert.Null(await tokens.FindBySecretAsync(secret, Cancel));
        Assert.Equal(["a_1"], (await groups.FindAsync("team", Cancel))!.Members.Select(m => m.User.Name));
        Assert.True(await groups.DeleteAsync("team", Cancel));
        Assert.False(await groups.DeleteAsync("team", Cancel));
        Assert.Empty(await hub.RowsAsync("SELECT * FROM group_members"));
    }

    /// <summary>A page as text: the names in order, then the total (when counted).</summary>
    private static string Names((List<User> Users, int? Total) page) =>
        $"{string.Join(',', page.Users.Select(u => u.Name))} ({page.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not counted"})";
}
