using Lakehouse.Hosting.OpenLdap;
using Lakehouse.Hub.Authentication;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>The hub's user directory: users looked up by name, without their password, in the real slapd.</summary>
public sealed class LdapUserDirectoryTests(OpenLdapFixture directory) : IClassFixture<OpenLdapFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bob_is_found_with_the_same_identity_a_login_gives()
    {
        var (users, _) = directory.CreateDirectory(directory.ServiceAccount());
        var (authenticator, authenticatorLogs) = directory.CreateAuthenticator();

        var found = await users.FindAsync("bob", CancellationToken);
        var login = await authenticator.AuthenticateAsync("bob", directory.DemoPassword, CancellationToken);

        Assert.True(found.Found, found.Message);
        Assert.True(login.Succeeded, $"{login.Message} {string.Join('\n', authenticatorLogs.Lines)}");
        Assert.Equal(login.User.Name, found.User.Name);
        Assert.Equal((login.User.Uid, login.User.Gid, login.User.Admin), (found.User.Uid, found.User.Gid, found.User.Admin));
        Assert.Equal(login.User.Groups, found.User.Groups);
        Assert.Equal([new("bob", 10002), new("data-team", 20000)], found.User.Groups);
    }

    [Fact]
    public async Task Admin_is_found_as_an_admin_through_the_admin_group()
    {
        var (users, _) = directory.CreateDirectory(directory.ServiceAccount());

        var admin = await users.FindAsync("admin", CancellationToken);

        Assert.True(admin.Found, admin.Message);
        Assert.True(admin.User.Admin);
    }

    [Fact]
    public async Task Someone_not_in_the_directory_is_not_found_with_a_clear_message()
    {
        var (users, _) = directory.CreateDirectory(directory.ServiceAccount());

        var mallory = await users.FindAsync("mallory", CancellationToken);

        Assert.Equal(UserLookupFailure.NotFound, mallory.Failure);
        Assert.Equal("mallory is not in the directory, so there is no user or group id to run a server as.", mallory.Message);
    }

    [Fact]
    public async Task Allowed_groups_apply_to_lookups_as_to_logins()
    {
        var settings = new Dictionary<string, string?>(directory.ServiceAccount())
        {
            ["Authentication:Ldap:AllowedGroups:0"] = $"cn={OpenLdapDemoData.AdminGroup},{directory.Resource.GroupsDn}",
        };
        var (users, _) = directory.CreateDirectory(settings);

        var alice = await users.FindAsync("alice", CancellationToken);
        var admin = await users.FindAsync("admin", CancellationToken);

        Assert.Equal(UserLookupFailure.Refused, alice.Failure);
        Assert.Contains("none of the groups", alice.Message, StringComparison.Ordinal);
        Assert.True(admin.Found, admin.Message);
    }

    [Fact]
    public async Task Anonymous_lookups_find_nobody_because_the_directory_hides_people_from_anonymous_clients()
    {
        var (users, _) = directory.CreateDirectory();

        var bob = await users.FindAsync("bob", CancellationToken);

        Assert.Equal(UserLookupFailure.NotFound, bob.Failure);
    }

    [Fact]
    public async Task A_wrong_service_password_is_an_unavailable_directory_and_never_logged()
    {
        var (users, logs) = directory.CreateDirectory(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:SearchBindDn"] = directory.Resource.RootDn,
            ["Authentication:Ldap:SearchBindPassword"] = "not-the-admin-password",
        });

        var bob = await users.FindAsync("bob", CancellationToken);

        Assert.Equal(UserLookupFailure.Unavailable, bob.Failure);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("not-the-admin-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Injection_in_the_name_finds_nobody_and_asks_no_directory()
    {
        await using var listener = new CountingListener();
        var (users, _) = TestAuthenticators.CreateDirectory(listener.Uri, directory.Resource.BaseDn, directory.ServiceAccount());

        var result = await users.FindAsync("*)(uid=*", CancellationToken);

        Assert.Equal(UserLookupFailure.NotFound, result.Failure);
        Assert.StartsWith("Invalid username", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
    }
}
