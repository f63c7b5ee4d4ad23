using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.OpenLdap;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.OpenLdap;

/// <summary>A real private slapd from <c>AddOpenLdap</c>: what is seeded, who may read what, and what survives a restart.</summary>
public sealed class OpenLdapRunModeTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeded_demo_users_bind_with_the_demo_password_and_nothing_else()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap").Resource;
        await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);
        var uri = (await ldap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;

        foreach (var user in OpenLdapDemoData.Users)
        {
            var dn = $"uid={user.Name},ou=people,dc=lakehouse,dc=home";
            var good = await LdapUtils.WhoAmIAsync(uri, dn, ldap.DemoPasswordParameter.Value, CancellationToken);
            var bad = await LdapUtils.WhoAmIAsync(uri, dn, ldap.DemoPasswordParameter.Value + "x", CancellationToken);

            Assert.True(good.ExitCode == 0, $"{user.Name}: {good.Error}");
            Assert.Equal($"dn:{dn}", good.Output.Trim());
            Assert.Equal(49, bad.ExitCode);
        }

        var root = await LdapUtils.WhoAmIAsync(uri, ldap.RootDn, ldap.AdminPasswordParameter.Value, CancellationToken);
        Assert.True(root.ExitCode == 0, root.Error);
        Assert.Equal("dn:cn=admin,dc=lakehouse,dc=home", root.Output.Trim());
        // The demo password is not the directory manager's.
        Assert.Equal(49, (await LdapUtils.WhoAmIAsync(uri, ldap.RootDn, ldap.DemoPasswordParameter.Value, CancellationToken)).ExitCode);
    }

    [Fact]
    public async Task People_and_groups_carry_posix_ids_and_password_hashes_stay_private()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap").Resource;
        await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);
        var uri = (await ldap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;
        var asAlice = ($"uid=alice,{ldap.PeopleDn}", ldap.DemoPasswordParameter.Value);

        var bob = await LdapUtils.SearchAsync(uri, asAlice, ldap.PeopleDn, "(uid=bob)", CancellationToken);
        var aliceSelf = await LdapUtils.SearchAsync(uri, asAlice, ldap.PeopleDn, "(uid=alice)", CancellationToken, "userPassword");
        var groups = await LdapUtils.SearchAsync(uri, asAlice, ldap.GroupsDn, "(memberUid=admin)", CancellationToken, "cn", "gidNumber");
        var anonymous = await LdapUtils.SearchAsync(uri, bind: null, ldap.BaseDn, "(uid=*)", CancellationToken);

        Assert.True(bob.ExitCode == 0, bob.Error);
        Assert.Contains("objectClass: posixAccount", bob.Output, StringComparison.Ordinal);
        Assert.Contains("objectClass: shadowAccount", bob.Output, StringComparison.Ordinal);
        Assert.Contains("objectClass: inetOrgPerson", bob.Output, StringComparison.Ordinal);
        Assert.Contains("uidNumber: 10002", bob.Output, StringComparison.Ordinal);
        Assert.Contains("gidNumber: 10002", bob.Output, StringComparison.Ordinal);
        // Another user's hash is invisible; one's own is visible (self write implies read), and salted SHA-1.
        Assert.DoesNotContain("userPassword", bob.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("userPassword:: " + Convert.ToBase64String("{SSHA}"u8), aliceSelf.Output, StringComparison.Ordinal);
        Assert.Equal(
            ["admin 10003", "data-team 20000", "lakehouse-admins 20001"],
            ParseGroups(groups.Output));
        // Anonymous clients may bind but not list the directory.
        Assert.DoesNotContain("dn:", anonymous.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reader_account_reads_people_but_no_password_writes_nothing_and_follows_its_parameter_across_restarts()
    {
        using var state = new TemporaryStateDirectory();
        foreach (var password in new[] { "first-reader-pw", "second-reader-pw" })
        {
            var builder = state.CreateBuilder(DistributedApplicationOperation.Run, $"--Parameters:ldap-reader-password={password}");
            var ldap = builder.AddOpenLdap("ldap").Resource;
            await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);
            var uri = (await ldap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;
            var asReader = (ldap.ReaderDn, password);

            var alice = await LdapUtils.SearchAsync(uri, asReader, ldap.PeopleDn, "(uid=alice)", CancellationToken, "uidNumber", "userPassword");
            var groups = await LdapUtils.SearchAsync(uri, asReader, ldap.GroupsDn, "(memberUid=alice)", CancellationToken, "cn");
            var write = await LdapUtils.AddAsync(uri, ldap.ReaderDn, password, $"""
                dn: uid=mallory,{ldap.PeopleDn}
                objectClass: inetOrgPerson
                uid: mallory
                cn: Mallory
                sn: Mallory

                """, CancellationToken);

            Assert.True(alice.ExitCode == 0, alice.Error);
            Assert.Contains("uidNumber: 10001", alice.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("userPassword", alice.Output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("cn: data-team", groups.Output, StringComparison.Ordinal);
            Assert.Equal(50, write.ExitCode); // insufficientAccessRights
            Assert.Equal(49, (await LdapUtils.WhoAmIAsync(uri, ldap.ReaderDn, "first-reader-pw" == password ? "second-reader-pw" : "first-reader-pw", CancellationToken)).ExitCode);
            Assert.Equal(0, await slapd.StopAsync(CancellationToken));
        }
    }

    [Fact]
    public async Task A_restart_keeps_the_data_never_reseeds_and_takes_a_new_admin_password()
    {
        using var state = new TemporaryStateDirectory();
        var first = state.CreateBuilder(DistributedApplicationOperation.Run, "--Parameters:demo-password=first-demo-pw", "--Parameters:ldap-admin-password=first-admin-pw");
        var firstLdap = first.AddOpenLdap("ldap").Resource;
        await using (var slapd = await ResourceProcess.StartAsync(firstLdap, first.ExecutionContext, CancellationToken))
        {
            var uri = (await firstLdap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;
            var added = await LdapUtils.AddAsync(uri, firstLdap.RootDn, "first-admin-pw", $"""
                dn: uid=carol,{firstLdap.PeopleDn}
                objectClass: inetOrgPerson
                uid: carol
                cn: Carol
                sn: Carol

                """, CancellationToken);
            Assert.True(added.ExitCode == 0, added.Error);
            Assert.Equal(0, await slapd.StopAsync(CancellationToken));
        }

        var second = state.CreateBuilder(DistributedApplicationOperation.Run, "--Parameters:demo-password=second-demo-pw", "--Parameters:ldap-admin-password=second-admin-pw");
        var secondLdap = second.AddOpenLdap("ldap").Resource;
        await using (var slapd = await ResourceProcess.StartAsync(secondLdap, second.ExecutionContext, CancellationToken))
        {
            var uri = (await secondLdap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;
            var aliceDn = $"uid=alice,{secondLdap.PeopleDn}";

            // The people added at run time are still there, and the seed did not run again.
            var carol = await LdapUtils.SearchAsync(uri, (aliceDn, "first-demo-pw"), secondLdap.PeopleDn, "(uid=carol)", CancellationToken, "uid");
            Assert.True(carol.ExitCode == 0, carol.Error);
            Assert.Contains("uid: carol", carol.Output, StringComparison.Ordinal);
            Assert.Equal(49, (await LdapUtils.WhoAmIAsync(uri, aliceDn, "second-demo-pw", CancellationToken)).ExitCode);

            // cn=config is rebuilt at each start: the root password follows the parameter.
            Assert.Equal(0, (await LdapUtils.WhoAmIAsync(uri, secondLdap.RootDn, "second-admin-pw", CancellationToken)).ExitCode);
            Assert.Equal(49, (await LdapUtils.WhoAmIAsync(uri, secondLdap.RootDn, "first-admin-pw", CancellationToken)).ExitCode);
        }
    }

    [Fact]
    public async Task Health_checks_pass_while_slapd_answers_and_fail_once_it_stopped()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap").Resource;
        var command = Assert.Single(ldap.Annotations.OfType<CommandHealthCheckAnnotation>());
        Assert.Equal("/usr/bin/ldapsearch", command.Command);
        Assert.Single(ldap.Annotations.OfType<TcpHealthCheckAnnotation>(), c => c.EndpointName == "ldap");

        await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);
        Assert.True(await ResourceProcess.IsHealthyAsync(ldap, CancellationToken));

        Assert.Equal(0, await slapd.StopAsync(CancellationToken));
        Assert.NotEqual(0, (await Tool.RunAsync(command.Command, command.Args, CancellationToken)).ExitCode);
        Assert.False(await ResourceProcess.IsHealthyAsync(ldap, CancellationToken));
    }

    [Fact]
    public async Task A_state_folder_too_deep_for_a_unix_socket_runs_on_tcp_only()
    {
        using var state = new TemporaryStateDirectory();
        // A Unix socket path holds at most 107 bytes; this folder alone is longer.
        var deep = Path.Combine(state.Path, new string('d', 110));
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run, $"--{StateDirectory.ConfigurationKey}={deep}");
        var ldap = builder.AddOpenLdap("ldap").Resource;

        Assert.Empty(ldap.Annotations.OfType<CommandHealthCheckAnnotation>());
        await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);
        var uri = (await ldap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;

        Assert.StartsWith(deep, ldap.WorkingDirectory, StringComparison.Ordinal);
        Assert.Equal(0, (await LdapUtils.WhoAmIAsync(uri, $"uid=alice,{ldap.PeopleDn}", ldap.DemoPasswordParameter.Value, CancellationToken)).ExitCode);
    }

    [Fact]
    public async Task Files_live_in_the_resource_folder_of_the_state_directory_and_are_private()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap").Resource;
        await using var slapd = await ResourceProcess.StartAsync(ldap, builder.ExecutionContext, CancellationToken);

        var folder = Path.Combine(state.Path, "resources", "ldap");
        Assert.Equal(folder, ldap.WorkingDirectory);
        Assert.True(File.Exists(Path.Combine(folder, "data", "data.mdb")));
        Assert.True(Directory.Exists(Path.Combine(folder, "slapd.d", "cn=config")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "slapd.d")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "data")));
        // No password in clear anywhere in the folder: only hashes.
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("ldapi", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(file, CancellationToken);
            var text = System.Text.Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain(ldap.DemoPasswordParameter.Value, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ldap.AdminPasswordParameter.Value, text, StringComparison.Ordinal);
        }
    }

    private static List<string> ParseGroups(string ldif) =>
        ldif.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('\n').ToDictionary(l => l.Split(": ")[0], l => l.Split(": ", 2)[1]))
            .Select(attributes => $"{attributes["cn"]} {attributes["gidNumber"]}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
