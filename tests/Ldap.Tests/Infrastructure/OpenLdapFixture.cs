using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hub.Authentication;

namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// One real slapd for a test class, started from <c>AddOpenLdap("ldap")</c> exactly as the AppHost declares it:
/// generated passwords, a private cn=config, the seeded demo users. Stopped and removed at the end, pass or fail.
/// Subclasses add to the resource (TLS) or to the data before the tests run.
/// </summary>
public class OpenLdapFixture : IAsyncLifetime
{
    private readonly TemporaryStateDirectory _state = new();
    private ResourceProcess? _slapd;

    public OpenLdapServerResource Resource { get; private set; } = null!;

    public string ServerUri { get; private set; } = null!;

    public string DemoPassword => Resource.DemoPasswordParameter.Value;

    public string AdminPassword => Resource.AdminPasswordParameter.Value;

    /// <summary>This fixture's state folder (slapd's data, generated certificates).</summary>
    protected string StatePath => _state.Path;

    public async ValueTask InitializeAsync()
    {
        var builder = _state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap");
        Resource = ldap.Resource;
        await ConfigureAsync(ldap);
        _slapd = await ResourceProcess.StartAsync(Resource, builder.ExecutionContext, TestContext.Current.CancellationToken);
        ServerUri = (await Resource.ConnectionStringExpression.GetValueAsync())!;
        await SeedAsync();
    }

    /// <summary>An authenticator for this directory, built as the hub builds it (see <see cref="TestAuthenticators"/>).</summary>
    public (IAuthenticator Authenticator, CapturedLogs Logs) CreateAuthenticator(
        IDictionary<string, string?>? settings = null, string? serverUri = null) =>
        TestAuthenticators.Create(serverUri ?? ServerUri, Resource.BaseDn, settings);

    /// <summary>The hub's user directory for this directory, built as the hub builds it.</summary>
    public (IUserDirectory Directory, CapturedLogs Logs) CreateDirectory(IDictionary<string, string?>? settings = null) =>
        TestAuthenticators.CreateDirectory(ServerUri, Resource.BaseDn, settings);

    public string ReaderPassword => Resource.ReaderPasswordParameter.Value;

    /// <summary>Settings for searches with the directory's read-only account, as the AppHost gives the hub.</summary>
    public Dictionary<string, string?> ServiceAccount() => new()
    {
        ["Authentication:Ldap:SearchBindDn"] = Resource.ReaderDn,
        ["Authentication:Ldap:SearchBindPassword"] = ReaderPassword,
    };

    public async ValueTask DisposeAsync()
    {
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }

        _state.Dispose();
    }

    /// <summary>Before slapd starts: add to the resource.</summary>
    protected virtual Task ConfigureAsync(IResourceBuilder<OpenLdapServerResource> ldap) => Task.CompletedTask;

    /// <summary>Once slapd is healthy: add entries.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;
}
