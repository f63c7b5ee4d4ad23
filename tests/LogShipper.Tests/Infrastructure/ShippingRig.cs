using Lakehouse.Hosting.Tests.RabbitMQ;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>
/// The shared broker (which the test may stop; it runs again after), a state folder, a consumer of everything shipped, a writer of
/// numbered lines into the hub's console log, and the shipper: what the crash tests break and count.
/// </summary>
internal sealed class ShippingRig : IAsyncDisposable
{
    public const int BatchSize = 100;

    private readonly TemporaryStateDirectory _state;

    private readonly SharedBroker _shared;

    private ShippingRig(TemporaryStateDirectory state, SharedBroker shared, ShippedEvents events, string exchange, IDictionary<string, string> extraSettings)
    {
        _state = state;
        _shared = shared;
        Events = events;
        Exchange = exchange;
        ExtraSettings = extraSettings;
        Writer = new LineWriter(Path.Combine(state.Path, "logs", "hub.log"), "hub", cri: true);
    }

    public PrivateRabbitMQ Broker => _shared.Broker;

    public ShippedEvents Events { get; }

    public LineWriter Writer { get; }

    public string Exchange { get; }

    public string StateDirectory => _state.Path;

    public IDictionary<string, string> ExtraSettings { get; }

    public ShipperProcess? Shipper { get; private set; }

    public static async Task<ShippingRig> StartAsync(SharedBroker broker, IDictionary<string, string>? extraSettings = null)
    {
        await broker.EnsureRunningAsync();
        var state = new TemporaryStateDirectory();
        try
        {
            var exchange = SharedBroker.NewExchange();
            var events = await ShippedEvents.BindAsync(broker.ConnectionString, exchange);
            return new ShippingRig(state, broker, events, exchange, extraSettings ?? new Dictionary<string, string>());
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    public async Task<ShipperProcess> StartShipperAsync()
    {
        var settings = ShipperProcess.FastSettings(StateDirectory, Broker.ConnectionString, Exchange);
        settings["LogShipper__BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Shipper = await ShipperProcess.StartAsync(settings);
        return Shipper;
    }

    /// <summary>kill -9 of the shipper.</summary>
    public void KillShipper()
    {
        Shipper?.Kill();
        Shipper = null;
    }

    /// <summary>Waits until at least <paramref name="more"/> further lines of the writer have arrived.</summary>
    public async Task WaitForProgressAsync(int more)
    {
        var target = DeliveryReport.Of(Writer, Events.All).Distinct + more;
        await Events.WaitForAsync(e => DeliveryReport.Of(Writer, e).Distinct >= target, $"{target} of the hub's lines");
    }

    /// <summary>Stops writing and waits until every written line has arrived.</summary>
    public async Task<DeliveryReport> FinishAsync()
    {
        await Writer.StopAsync();
        await Events.WaitForAsync(e => DeliveryReport.Of(Writer, e).Complete, $"all {Writer.Written} lines", TimeSpan.FromMinutes(3));
        var report = DeliveryReport.Of(Writer, Events.All);
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        Shipper?.Dispose();
        await Writer.DisposeAsync();
        await Events.DisposeAsync();
        await _shared.EnsureRunningAsync();
        _state.Dispose();
    }
}
