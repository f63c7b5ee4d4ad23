using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Authentication.Ldap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// One real slapd for a test class, started from <c>AddOpenLdap("ldap")</c> exactly as the AppHost declares it:
/// generated passwords, a private cn=config, the seeded demo users. Stopped and removed at the end, pass or fail.
/// </summary>
public sealed class OpenLdapFixture : IAsyncLifetime
{
    private readonly TemporaryStateDirectory _state = new();
    private ResourceProcess? _slapd;

    public OpenLdapServerResource Resource { get; private set; } = null!;

    public string ServerUri { get; private set; } = null!;

    public string DemoPassword => Resource.DemoPasswordParameter.Value;

    public string AdminPassword => Resource.AdminPasswordParameter.Value;

    public async ValueTask InitializeAsync()
    {
        var builder = _state.CreateBuilder(DistributedApplicationOperation.Run);
        Resource = builder.AddOpenLdap("ldap").Resource;
        _slapd = await ResourceProcess.StartAsync(Resource, builder.ExecutionContext, TestContext.Current.CancellationToken);
        ServerUri = (await Resource.ConnectionStringExpression.GetValueAsync())!;
    }

    /// <summary>
    /// An authenticator built the way the hub builds it: DI plus configuration keys, with the server taken from
    /// <c>ConnectionStrings:ldap</c> and the layout from <c>Authentication:Ldap:BaseDn</c>.
    /// </summary>
    public (IAuthenticator Authenticator, CapturedLogs Logs) CreateAuthenticator(
        IDictionary<string, string?>? settings = null, string? serverUri = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ldap"] = serverUri ?? ServerUri,
            ["Authentication:Ldap:BaseDn"] = Resource.BaseDn,
            ["Authentication:Ldap:AdminGroups:0"] = Hosting.OpenLdap.OpenLdapDemoData.AdminGroup,
            // Generous for a loaded machine; nothing here waits on them when the directory is healthy.
            ["Authentication:Ldap:ConnectTimeout"] = "00:00:30",
            ["Authentication:Ldap:OperationTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new CapturedLogs();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddLdapAuthenticator(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return (services.GetRequiredService<IAuthenticator>(), logs);
    }

    public async ValueTask DisposeAsync()
    {
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }

        _state.Dispose();
    }
}
