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
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public void Dispose() => Invoker.Dispose();
}
