using System.Collections.Concurrent;
using System.Diagnostics;
using Lakehouse.Hosting.OpenLdap;
using Lakehouse.Hub.Authentication;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>Hub logins against the real, seeded slapd of <c>AddOpenLdap</c>.</summary>
public sealed class LdapAuthenticatorTests(OpenLdapFixture directory) : IClassFixture<OpenLdapFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alice_logs_in_with_the_demo_password_and_gets_her_uid_gid_and_groups()
    {
        var (authenticator, logs) = directory.CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(("alice", 10001, 10001, false), (result.User.Name, result.User.Uid, result.User.Gid, result.User.Admin));
        Assert.Equal([new("alice", 10001), new("data-team", 20000)], result.User.Groups);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uppercase_name_is_normalized_to_the_same_user()
    {
        var (authenticator, _) = directory.CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync("ALICE", directory.DemoPassword, CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("alice", result.User.Name);
        Assert.Equal(10001, result.User.Uid);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_fail_the_same_way()
    {
        var (authenticator, logs) = directory.CreateAuthenticator();

        var wrongPassword = await authenticator.AuthenticateAsync("alice", directory.DemoPassword + "x", CancellationToken);
        var unknownUser = await authenticator.AuthenticateAsync("mallory", directory.DemoPassword, CancellationToken);

        Assert.False(wrongPassword.Succeeded);
        Assert.Equal(AuthenticationFailure.InvalidCredentials, wrongPassword.Failure);
        Assert.Equal(wrongPassword.Failure, unknownUser.Failure);
        Assert.Equal(wrongPassword.Message, unknownUser.Message);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_users_password_does_not_open_alices_account()
    {
        var (authenticator, _) = directory.CreateAuthenticator();

        // bob's password is the same demo password: the bind is for alice's DN with a wrong one.
        var result = await authenticator.AuthenticateAsync("alice", "bob-" + directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidCredentials, result.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Empty_password_is_refused_without_asking_the_directory(string? password)
    {
        await using var listener = new CountingListener();
        var (authenticator, _) = directory.CreateAuthenticator(serverUri: listener.Uri);

        var result = await authenticator.AuthenticateAsync("alice", password!, CancellationToken);

        Assert.Equal(AuthenticationFailure.EmptyPassword, result.Failure);
        Assert.Equal(0, listener.Connections);
    }

    [Theory]
    [InlineData("*)(uid=*")]
    [InlineData("*")]
    [InlineData("alice)(|(uid=*")]
    [InlineData("alice,ou=people")]
    [InlineData("../alice")]
    [InlineData("alïce")]
    [InlineData("-alice")]
    [InlineData("a23456789012345678901234567890123")]
    [InlineData(" alice")]
    [InlineData("")]
    public async Task Invalid_usernames_are_refused_before_any_ldap_traffic(string username)
    {
        await using var listener = new CountingListener();
        var (authenticator, logs) = directory.CreateAuthenticator(serverUri: listener.Uri);

        var result = await authenticator.AuthenticateAsync(username, directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidUsername, result.Failure);
        Assert.StartsWith("Invalid username", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, listener.Connections);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Injection_against_the_real_directory_finds_nobody()
    {
        // The same name through the real directory: refused, not a wildcard match.
        var (authenticator, _) = directory.CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync("*)(uid=*", directory.DemoPassword, CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(AuthenticationFailure.InvalidUsername, result.Failure);
    }

    [Fact]
    public async Task Admin_is_an_admin_and_alice_is_not()
    {
        var (authenticator, _) = directory.CreateAuthenticator();

        var admin = await authenticator.AuthenticateAsync("admin", directory.DemoPassword, CancellationToken);
        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.True(admin.Succeeded, admin.Message);
        Assert.True(admin.User.Admin);
        Assert.Contains(new UserGroup(OpenLdapDemoData.AdminGroup, 20001), admin.User.Groups);
        Assert.True(alice.Succeeded, alice.Message);
        Assert.False(alice.User.Admin);
    }

    [Fact]
    public async Task Without_admin_groups_configured_nobody_is_admin()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:AdminGroups:0"] = null,
        });

        var admin = await authenticator.AuthenticateAsync("admin", directory.DemoPassword, CancellationToken);

        Assert.True(admin.Succeeded, admin.Message);
        Assert.False(admin.User.Admin);
    }

    [Fact]
    public async Task Admin_groups_by_dn_and_by_name_both_count_and_several_can_be_listed()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            // bob's personal group by DN (spaces after commas are allowed), the admin group by cn.
            ["Authentication:Ldap:AdminGroups:0"] = $"cn=bob, {directory.Resource.GroupsDn}",
            ["Authentication:Ldap:AdminGroups:1"] = OpenLdapDemoData.AdminGroup,
        });

        var bob = await authenticator.AuthenticateAsync("bob", directory.DemoPassword, CancellationToken);
        var admin = await authenticator.AuthenticateAsync("admin", directory.DemoPassword, CancellationToken);
        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.True(bob.Succeeded && bob.User.Admin, bob.Message);
        Assert.True(admin.Succeeded && admin.User.Admin, admin.Message);
        Assert.True(alice.Succeeded, alice.Message);
        Assert.False(alice.User.Admin);
    }

    [Fact]
    public async Task Allowed_groups_by_name_let_only_their_members_in()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:AllowedGroups:0"] = OpenLdapDemoData.AdminGroup,
        });

        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);
        var admin = await authenticator.AuthenticateAsync("admin", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.NotAllowed, alice.Failure);
        Assert.True(admin.Succeeded, admin.Message);
    }

    [Fact]
    public async Task Allowed_groups_by_dn_let_only_their_members_in()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:AllowedGroups:0"] = $"cn=bob, {directory.Resource.GroupsDn}",
        });

        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);
        var bob = await authenticator.AuthenticateAsync("bob", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.NotAllowed, alice.Failure);
        Assert.True(bob.Succeeded, bob.Message);
        Assert.Equal([new("bob", 10002), new("data-team", 20000)], bob.User.Groups);
    }

    [Fact]
    public async Task Not_allowed_is_only_said_after_a_right_password()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:AllowedGroups:0"] = OpenLdapDemoData.AdminGroup,
        });

        var result = await authenticator.AuthenticateAsync("alice", "not-" + directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidCredentials, result.Failure);
    }

    [Fact]
    public async Task Search_then_bind_with_a_service_account_finds_and_checks_the_user()
    {
        var (authenticator, logs) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:LookupDn"] = "true",
            ["Authentication:Ldap:SearchBindDn"] = directory.Resource.RootDn,
            ["Authentication:Ldap:SearchBindPassword"] = directory.AdminPassword,
            // The template is not what finds the user in this mode: a wrong one must not matter.
            ["Authentication:Ldap:BindDnTemplate"] = "uid={username},ou=nowhere,dc=example,dc=org",
        });

        var alice = await authenticator.AuthenticateAsync("Alice", directory.DemoPassword, CancellationToken);
        var wrongPassword = await authenticator.AuthenticateAsync("alice", directory.DemoPassword + "x", CancellationToken);
        var unknownUser = await authenticator.AuthenticateAsync("mallory", directory.DemoPassword, CancellationToken);

        Assert.True(alice.Succeeded, alice.Message);
        Assert.Equal((10001, 10001), (alice.User.Uid, alice.User.Gid));
        Assert.Equal([new("alice", 10001), new("data-team", 20000)], alice.User.Groups);
        Assert.Equal(AuthenticationFailure.InvalidCredentials, wrongPassword.Failure);
        Assert.Equal(AuthenticationFailure.InvalidCredentials, unknownUser.Failure);
        Assert.Equal(wrongPassword.Message, unknownUser.Message);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.AdminPassword, StringComparison.Ordinal)
                                                  || line.Contains(directory.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_search_then_bind_finds_nobody_because_the_directory_hides_people_from_anonymous_clients()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:LookupDn"] = "true",
        });

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidCredentials, result.Failure);
    }

    [Fact]
    public async Task Wrong_service_password_is_an_unavailable_directory_not_a_wrong_user_password()
    {
        var (authenticator, logs) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:LookupDn"] = "true",
            ["Authentication:Ldap:SearchBindDn"] = directory.Resource.RootDn,
            ["Authentication:Ldap:SearchBindPassword"] = "not-the-admin-password",
        });

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.Unavailable, result.Failure);
        Assert.Contains(logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starttls_against_a_directory_without_tls_fails_closed_instead_of_sending_the_password_in_clear()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:UseStartTls"] = "true",
        });

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.Unavailable, result.Failure);
    }

    [Fact]
    public async Task A_directory_that_never_answers_gives_up_after_the_timeout_as_unavailable()
    {
        await using var hanging = new CountingListener(holdConnections: true);
        var (authenticator, _) = directory.CreateAuthenticator(
            new Dictionary<string, string?>
            {
                ["Authentication:Ldap:ConnectTimeout"] = "00:00:02",
                ["Authentication:Ldap:OperationTimeout"] = "00:00:02",
            },
            serverUri: hanging.Uri);

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.Unavailable, result.Failure);
        Assert.Equal(1, hanging.Connections);
    }

    [Fact]
    public async Task An_unreachable_directory_is_reported_as_unavailable()
    {
        await using var listener = new CountingListener();
        var closedPort = listener.Uri;
        await listener.DisposeAsync();
        var (authenticator, _) = directory.CreateAuthenticator(serverUri: closedPort);

        var result = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.Unavailable, result.Failure);
    }

    [Fact]
    public async Task A_minimum_id_above_the_users_uid_refuses_the_account()
    {
        var (authenticator, _) = directory.CreateAuthenticator(new Dictionary<string, string?>
        {
            ["Authentication:Ldap:MinimumId"] = "10002",
        });

        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);
        var bob = await authenticator.AuthenticateAsync("bob", directory.DemoPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidAccount, alice.Failure);
        Assert.True(bob.Succeeded, bob.Message);
    }

    [Fact]
    public async Task Logins_and_lookups_carry_on_while_child_processes_exit_around_them()
    {
        // Each child that exits sends the process a SIGCHLD, which interrupts whichever thread it lands on: one waiting
        // for the directory's answer must wait on, not report the directory as down.
        var (authenticator, _) = directory.CreateAuthenticator();
        var (users, _) = directory.CreateDirectory(directory.ServiceAccount());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        var children = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
                await child.WaitForExitAsync(CancellationToken);
            }
        })).ToArray();

        var failures = new ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = CancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), parallel, async (_, token) =>
        {
            var login = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, token);
            var found = await users.FindAsync("bob", token);
            if (!login.Succeeded)
            {
                failures.Add(login.Message);
            }

            if (!found.Found)
            {
                failures.Add(found.Message);
            }
        });
        await stop.CancelAsync();
        await Task.WhenAll(children);

        Assert.Empty(failures);
    }
}
