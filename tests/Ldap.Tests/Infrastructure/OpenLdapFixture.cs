using Lakehouse.Hosting;
using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hub.Authentication;

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

    /// <summary>An authenticator for this directory, built as the hub builds it (see <see cref="TestAuthenticators"/>).</summary>
    public (IAuthenticator Authenticator, CapturedLogs Logs) CreateAuthenticator(
        IDictionary<string, string?>? settings = null, string? serverUri = null) =>
        TestAuthenticators.Create(serverUri ?? ServerUri, Resource.BaseDn, settings);

    public async ValueTask DisposeAsync()
    {
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }

        _state.Dispose();
    }
}
