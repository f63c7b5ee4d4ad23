using Lakehouse.Hosting;
using Lakehouse.Hosting.Orchestration;
using Lakehouse.Ldap.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Ldap.Tests.OpenLdap;

/// <summary>The directory under the real orchestrator, as <c>AppHost/Program.cs</c> runs it: start, health, restart, stop.</summary>
public sealed class OpenLdapOrchestratedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_orchestrator_runs_slapd_healthy_a_restart_keeps_the_users_and_a_stop_leaves_no_slapd()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(
            DistributedApplicationOperation.Run,
            "--Lakehouse:Orchestrator:StopGracePeriod=00:00:10",
            // The test host runs several AppHosts at once: each sweeps only what it started.
            "--Lakehouse:Orchestrator:SweepScope=Owned",
            "--Dashboard:Url=http://127.0.0.1:0");
        var appHostLogs = new CapturedLogs();
        builder.Services.AddSingleton<ILoggerProvider>(appHostLogs);
        var ldap = builder.AddOpenLdap("ldap").Resource;

        int firstPid, secondPid;
        await using (var app = builder.Build())
        {
            await app.StartAsync(CancellationToken);
            var monitor = app.Services.GetRequiredService<IResourceMonitor>();
            try
            {
                var first = await WaitForAsync(monitor, s => s is { State: KnownResourceStates.Running, Health: ResourceHealth.Healthy }, "Running and Healthy");
                firstPid = first.ProcessId!.Value;
                var serverUri = (await ldap.ConnectionStringExpression.GetValueAsync(CancellationToken))!;
                var (authenticator, _) = TestAuthenticators.Create(serverUri, ldap.BaseDn);
                var before = await authenticator.AuthenticateAsync("bob", ldap.DemoPasswordParameter.Value, CancellationToken);
                Assert.True(before.Succeeded, before.Message);

                await monitor.ExecuteCommandAsync("ldap", KnownResourceCommands.Restart, CancellationToken);
                var second = await WaitForAsync(
                    monitor, s => s is { State: KnownResourceStates.Running, Health: ResourceHealth.Healthy } && s.ProcessId != firstPid, "restarted and Healthy");
                secondPid = second.ProcessId!.Value;
                var after = await authenticator.AuthenticateAsync("bob", ldap.DemoPasswordParameter.Value, CancellationToken);
                Assert.True(after.Succeeded, after.Message);
                Assert.Equal((before.User.Name, before.User.Uid, before.User.Gid), (after.User.Name, after.User.Uid, after.User.Gid));
                Assert.Equal(before.User.Groups, after.User.Groups);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }

        Assert.False(Directory.Exists($"/proc/{firstPid}"), "the first slapd is gone");
        Assert.False(Directory.Exists($"/proc/{secondPid}"), "the restarted slapd is gone after the AppHost stopped");
        Assert.DoesNotContain(appHostLogs.Lines, l => l.Contains(ldap.DemoPasswordParameter.Value, StringComparison.Ordinal)
                                                     || l.Contains(ldap.AdminPasswordParameter.Value, StringComparison.Ordinal));
    }

    private static async Task<ResourceSnapshot> WaitForAsync(IResourceMonitor monitor, Func<ResourceSnapshot, bool> condition, string what)
    {
        ResourceSnapshot? last = null;
        try
        {
            await Poll.UntilAsync(
                () =>
                {
                    last = monitor.GetSnapshots().Single(s => s.Name == "ldap");
                    return Task.FromResult(condition(last));
                },
                Timeout,
                $"ldap to be {what}",
                CancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Last: {last}", e);
        }

        return last!;
    }
}
