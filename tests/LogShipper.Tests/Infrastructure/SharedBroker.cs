using Lakehouse.Hosting;
using Lakehouse.Hosting.Tests.RabbitMQ;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>One private broker for the tests that never stop it; each test ships to an exchange of its own.</summary>
public sealed class SharedBroker : IAsyncLifetime
{
    private readonly TemporaryStateDirectory _state = new();
    private PrivateRabbitMQ? _broker;

    public string ConnectionString => _broker?.ConnectionString ?? throw new InvalidOperationException("Not started.");

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
