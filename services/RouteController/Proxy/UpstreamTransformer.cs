using Lakehouse.RouteController.Access;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// Shapes each forwarded request as configurable-http-proxy does (the original Host kept, so that Jupyter's
/// Origin check for WebSockets passes; fresh X-Forwarded-* headers, since this is the edge) and applies the
/// <see cref="UpstreamRequest"/>: credentials out, the server's token in. YARP's base transform already drops
/// hop-by-hop headers.
/// </summary>
public sealed class UpstreamTransformer : HttpTransformer
{
    private static readonly string[] ForwardingHeaders =
        ["Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP"];

    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var upstream = httpContext.Features.GetRequiredFeature<UpstreamRequest>();
        var request = httpContext.Request;
        var headers = proxyRequest.Headers;

        proxyRequest.RequestUri = upstream.Destination;
        headers.Host = request.Host.Value;

        foreach (var name in ForwardingHeaders)
        {
            headers.Remove(name);
        }

        if (httpContext.Connection.RemoteIpAddress is { } client)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);

        if (upstream.StripCredentials)
        {
            headers.Remove(HeaderNames.Authorization);
            if (SendsSessionCookie(request))
            {
                RemoveSessionCookie(headers);
            }
        }

        if (upstream.ServerToken is { } token)
        {
            // Untyped: the typed setters parse and allocate, and this value is ours.
            headers.Remove(HeaderNames.Authorization);
            headers.TryAddWithoutValidation(HeaderNames.Authorization, "token " + token);
            // Pages come back uncompressed, so that ServerTokenScrubber can read them.
            headers.Remove(HeaderNames.AcceptEncoding);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(
        HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null || httpContext.Features.Get<UpstreamRequest>()?.ServerToken is not { } token)
        {
            return copyBody;
        }

        return !await ServerTokenScrubber.ScrubAsync(httpContext.Response, proxyResponse, token, cancellationToken) && copyBody;
    }

    /// <summary>A cheap look at the incoming request first: most requests carry no cookie to remove.</summary>
    private static bool SendsSessionCookie(HttpRequest request)
    {
        foreach (var value in request.Headers.Cookie)
        {
            if (value?.Contains(AccessCredentials.SessionCookieName, StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }

    private static void RemoveSessionCookie(System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        if (!headers.TryGetValues(HeaderNames.Cookie, out var values))
        {
            return;
        }

        var kept = values
            .SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(pair => !pair.StartsWith(AccessCredentials.SessionCookieName + "=", StringComparison.Ordinal))
            .ToList();
        headers.Remove(HeaderNames.Cookie);
        if (kept.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
        }
    }
}
