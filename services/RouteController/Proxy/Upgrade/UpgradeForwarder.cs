using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Lakehouse.RouteController.Proxy.Upgrade;

/// <summary>
/// WebSockets (HTTP/1.1 <c>Upgrade: websocket</c>) to a plain-HTTP upstream on a socket of their own. YARP's
/// forwarder asks SocketsHttpHandler's pool for a connection, which an upgrade always needs new and which the pool
/// opens in the background and hands over through the thread pool; here the socket is connected on the request's own
/// path, the request head written and the answer read directly, and the
/// upgraded streams copied by <see cref="UpgradeTunnel"/>. The request and the answer go through the same
/// <see cref="UpstreamTransformer"/> as every forwarded exchange (YARP's header rules included: the request is built as
/// an <see cref="HttpRequestMessage"/> and only written here), so what reaches either side is what YARP would send.
/// </summary>
public sealed partial class UpgradeForwarder(
    UpstreamTransformer transformer, UpstreamInvoker invoker, TimeProvider timeProvider, ILogger<UpgradeForwarder> logger)
{
    private const int InitialBufferSize = 16 * 1024;
    private const string WebSocket = "websocket";

    /// <summary>What this path takes: a WebSocket upgrade (as YARP recognizes one) to an <c>http://</c> upstream.</summary>
    public static bool CanForward(HttpContext context, Uri destination) =>
        destination.Scheme == Uri.UriSchemeHttp
        && context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        && string.Equals(context.Request.Headers.Upgrade.ToString(), WebSocket, StringComparison.OrdinalIgnoreCase);

    /// <param name="destinationPrefix">The upstream's origin, as the transformer is given it on YARP's path.</param>
    /// <param name="idleTimeout">Nothing moving this long (waiting for the answer included) ends the exchange.</param>
    public async Task<ForwarderError> ForwardAsync(HttpContext context, UpstreamRequest upstreamRequest, string destinationPrefix, TimeSpan idleTimeout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, upstreamRequest.Destination) { Version = HttpVersion.Version11 };
        await transformer.TransformRequestAsync(context, request, destinationPrefix, context.RequestAborted);
        AddUpgradeHeaders(context.Request, request);
        if (System.Diagnostics.Activity.Current is { } trace)
        {
            invoker.Propagator.Inject(trace, request, static (carrier, name, value) =>
                ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }

        Socket upstream;
        try
        {
            upstream = await ConnectAsync(upstreamRequest.Destination, context.RequestAborted);
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            LogConnectFailed(destinationPrefix, e.Message);
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status502BadGateway, "The server did not accept a connection; it may be restarting.");
            return ForwarderError.Request;
        }
        catch (OperationCanceledException)
        {
            return ForwarderError.RequestCanceled;
        }

        using var tunnel = new UpgradeTunnel(upstream, idleTimeout, timeProvider, context.RequestAborted);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            int end, headEnd;
            try
            {
                await SendHeadAsync(upstream, request, buffer);
                (buffer, end, headEnd) = await ReceiveHeadAsync(upstream, buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return ForwarderError.RequestCanceled;
                }

                LogNoAnswer(destinationPrefix, tunnel.TimedOut ? "timed out" : e.Message);
                // As YARP answers: 504 when the upstream took too long, 502 otherwise.
                await ProxyAnswers.ErrorAsync(context, tunnel.TimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                    "The server did not answer the WebSocket request.");
                return tunnel.TimedOut ? ForwarderError.RequestTimedOut : ForwarderError.Request;
            }

            tunnel.Touch();
            var body = new UpstreamBodyContent(upstream, buffer, headEnd, end);
            using var response = UpstreamResponseHead.Parse(buffer.AsSpan(0, headEnd), body);
            if (response is null || (int)response.StatusCode is < 200 and not 101)
            {
                LogNoAnswer(destinationPrefix, "not an HTTP/1.1 response it can pass on");
                await ProxyAnswers.ErrorAsync(context, StatusCodes.Status502BadGateway, "The server's answer to the WebSocket request was not valid.");
                return ForwarderError.ResponseHeaders;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = response.ReasonPhrase;
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                body.FrameBy(response);
                return await RelayRefusalAsync(context, response, body);
            }

            await transformer.TransformResponseAsync(context, response, context.RequestAborted);
            RestoreUpgradeHeaders(response, context.Response.Headers);
            Stream client;
            try
            {
                client = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
            {
                return ForwarderError.UpgradeResponseClient;
            }

            context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
            await using (client)
            {
                await tunnel.RunAsync(client, buffer.AsMemory(headEnd, end - headEnd));
            }

            return tunnel.TimedOut ? ForwarderError.UpgradeActivityTimeout : ForwarderError.None;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Connects within SocketsHttpHandler's connect timeout. Always through the socket engine: a non-blocking
    /// <see cref="Socket.Connect(EndPoint)"/> reports a connect under way (every one, even to loopback) by throwing;
    /// those exceptions and the activity timer's took about 6 % of the proxy's CPU under the WebSocket benchmark.
    /// </summary>
    private async ValueTask<Socket> ConnectAsync(Uri destination, CancellationToken cancellationToken)
    {
        var host = destination.IdnHost;
        EndPoint endPoint = IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, destination.Port)
            : new DnsEndPoint(host, destination.Port);
        var socket = address is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Small WebSocket frames must not wait for Nagle.
            socket.NoDelay = true;
            await socket.ConnectAsync(endPoint, cancellationToken).AsTask().WaitAsync(UpstreamInvoker.ConnectTimeout, timeProvider, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The request line and headers, as SocketsHttpHandler writes them (Host first).</summary>
    private static async ValueTask SendHeadAsync(Socket upstream, HttpRequestMessage request, byte[] buffer)
    {
        var head = new StringBuilder(1024);
        head.Append("GET ").Append(request.RequestUri!.PathAndQuery).Append(" HTTP/1.1\r\n");
        var headers = request.Headers.NonValidated;
        if (headers.TryGetValues(HeaderNames.Host, out var host))
        {
            head.Append("Host: ").Append(host.ToString()).Append("\r\n");
        }

        foreach (var (name, values) in headers)
        {
            if (!string.Equals(name, HeaderNames.Host, StringComparison.OrdinalIgnoreCase))
            {
                head.Append(name).Append(": ").AppendJoin(", ", values).Append("\r\n");
            }
        }

        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                head.Append(name).Append(": ").AppendJoin(", ", values).Append("\r\n");
            }
        }

        head.Append("\r\n");
        var text = head.ToString();
        var bytes = Encoding.Latin1.GetByteCount(text) <= buffer.Length ? buffer : new byte[Encoding.Latin1.GetByteCount(text)];
        var length = Encoding.Latin1.GetBytes(text, bytes);
        for (var sent = 0; sent < length;)
        {
            sent += await upstream.SendAsync(bytes.AsMemory(sent, length - sent), SocketFlags.None);
        }
    }

    /// <returns>The buffer (a larger one if the head needed it), how much it holds, and where the head ends.</returns>
    private static async ValueTask<(byte[] Buffer, int End, int HeadEnd)> ReceiveHeadAsync(Socket upstream, byte[] buffer)
    {
        var end = 0;
        int headEnd;
        while ((headEnd = UpstreamResponseHead.EndOf(buffer.AsSpan(0, end))) < 0)
        {
            if (end == buffer.Length)
            {
                if (buffer.Length >= UpstreamResponseHead.MaxLength)
                {
                    throw new InvalidDataException($"The response head is longer than {UpstreamResponseHead.MaxLength} bytes.");
                }

                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, end).CopyTo(larger);
                // The smaller one is left to the collector: the caller returns whichever it holds.
                buffer = larger;
            }

            var read = await upstream.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidDataException("The connection closed before a response.");
            }

            end += read;
        }

        return (buffer, end, headEnd);
    }

    /// <summary>An upstream's refusal (a missing kernel's 404, say) reaches the client as YARP would pass it on.</summary>
    private async Task<ForwarderError> RelayRefusalAsync(HttpContext context, HttpResponseMessage response, UpstreamBodyContent body)
    {
        try
        {
            if (await transformer.TransformResponseAsync(context, response, context.RequestAborted))
            {
                await body.CopyToAsync(context.Response.Body, context.RequestAborted);
            }

            return ForwarderError.None;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or HttpRequestException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return ForwarderError.RequestCanceled;
            }

            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
            else
            {
                // A cut body must not look complete.
                context.Abort();
            }

            return ForwarderError.ResponseBodyDestination;
        }
    }

    /// <summary>YARP's copy leaves out Connection and Upgrade; the client's own ones go upstream again, as YARP does.</summary>
    private static void AddUpgradeHeaders(HttpRequest incoming, HttpRequestMessage request)
    {
        foreach (var token in incoming.Headers.GetCommaSeparatedValues(HeaderNames.Connection))
        {
            if (token.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(HeaderNames.Connection, token);
                request.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, (IEnumerable<string>)incoming.Headers.Upgrade);
                return;
            }
        }
    }

    /// <summary>The upstream's Connection: Upgrade and Upgrade, back on the 101, as YARP restores them.</summary>
    private static void RestoreUpgradeHeaders(HttpResponseMessage response, IHeaderDictionary headers)
    {
        if (response.Headers.NonValidated.TryGetValues(HeaderNames.Upgrade, out var upgrade)
            && response.Headers.TryGetValues(HeaderNames.Connection, out var connection))
        {
            foreach (var value in connection)
            {
                if (value.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
                {
                    headers.TryAdd(HeaderNames.Connection, value);
                    headers.TryAdd(HeaderNames.Upgrade, upgrade.ToArray());
                    return;
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Connecting to {Destination} for a WebSocket failed: {Reason}")]
    private partial void LogConnectFailed(string destination, string reason);

    [LoggerMessage(LogLevel.Warning, "{Destination} did not answer a WebSocket request: {Reason}")]
    private partial void LogNoAnswer(string destination, string reason);
}
