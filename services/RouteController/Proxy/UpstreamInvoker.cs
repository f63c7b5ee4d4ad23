using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// The one connection pool to every upstream (hub, Jupyter servers, Spark UIs), configured as YARP recommends for
/// direct forwarding: no system proxy, no redirects followed, no decompression, no cookie container.
/// </summary>
public sealed class UpstreamInvoker : IDisposable
{
    /// <summary>How long a new upstream connection may take, here and on the WebSocket path (Upgrade.UpgradeForwarder).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public UpstreamInvoker() => Invoker = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = Propagator,
        ConnectTimeout = ConnectTimeout,
    });

    public HttpMessageInvoker Invoker { get; }

    /// <summary>Trace context to upstreams: the client's own trace headers replaced by this proxy's.</summary>
    public DistributedContextPropagator Propagator { get; } = new ReverseProxyPropagator(DistributedContextPropagator.Current);

    public void Dispose() => Invoker.Dispose();
}
