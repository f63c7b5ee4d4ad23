using Lakehouse.Hosting.OpenLdap;
using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Authentication.Ldap;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// LDAP authenticators built the way the hub builds them: DI plus configuration keys, with the server from
/// <c>ConnectionStrings:ldap</c>, the layout from <c>Authentication:Ldap:BaseDn</c> and the demo admin group.
/// </summary>
internal static class TestAuthenticators
{
    public static (IAuthenticator Authenticator, CapturedLogs Logs) Create(string serverUri, string baseDn, IDictionary<string, string?>? settings = null)
    {
        var (services, logs) = Build(serverUri, baseDn, settings);
        return (services.GetRequiredService<IAuthenticator>(), logs);
    }

    public static (IUserDirectory Directory, CapturedLogs Logs) CreateDirectory(string serverUri, string baseDn, IDictionary<string, string?>? settings = null)
    {
        var (services, logs) = Build(serverUri, baseDn, settings);
        return (services.GetRequiredService<IUserDirectory>(), logs);
    }

    private static (ServiceProvider Services, CapturedLogs Logs) Build(string serverUri, string baseDn, IDictionary<string, string?>? settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ldap"] = serverUri,
            ["Authentication:Ldap:BaseDn"] = baseDn,
            ["Authentication:Ldap:AdminGroups:0"] = OpenLdapDemoData.AdminGroup,
            // Generous for a loaded machine; nothing waits on them while the directory is healthy.
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
        return (services, logs);
    }
}
