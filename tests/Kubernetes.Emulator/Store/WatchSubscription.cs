using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>One open watch: what it selects, and the changes waiting to be written to it.</summary>
public sealed class WatchSubscription(ResourceInfo resource, string? ns, LabelSelector labels, Func<JsonObject, bool> fields) : IDisposable
{
    private readonly CancellationTokenSource _dropped = new();

    public Channel<Change> Changes { get; } = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Cancelled when a test drops the connection.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool Selects(ResourceInfo changed, string changedNamespace, JsonObject item) =>
        changed == resource && (ns is null || ns == changedNamespace) && labels.Matches(item) && fields(item);

    public void Drop() => _dropped.Cancel();

    public void Dispose() => _dropped.Dispose();
}
