using Lakehouse.Hosting;
using Lakehouse.Hosting.Tests.RabbitMQ;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>
/// One private broker for the whole assembly (its start is the slow part); each test ships to an exchange of its
/// own. Tests run one at a time, so a test may stop it, and <see cref="EnsureRunningAsync"/> starts it again after.
/// </summary>
public sealed class SharedBroker : IAsyncLifetime
{
    private readonly TemporaryStateDirectory _state = new();
    private PrivateRabbitMQ? _broker;

    public PrivateRabbitMQ Broker => _broker ?? throw new InvalidOperationException("Not started.");

    public string ConnectionString => Broker.ConnectionString;

    public async Task EnsureRunningAsync()
    {
        if (!Broker.IsRunning)
        {
            await Broker.StartAgainAsync(CancellationToken.None);
        }
    }

    public static string NewExchange() => "test.logs." + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask InitializeAsync() =>
        _broker = await PrivateRabbitMQ.StartAsync(_state.CreateBuilder(DistributedApplicationOperation.Run), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _state.Dispose();
    }
}
