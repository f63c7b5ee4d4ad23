using System.Net;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Access;
using Lakehouse.RouteController.Activity;
using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Proxy.Upgrade;
using Lakehouse.RouteController.Routing;
using Lakehouse.ServiceDefaults.ServiceDiscovery;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// Everything that arrives on the public port: <c>/hub/…</c> to the hub, <c>/user/{name}/…</c> to that user's
/// Jupyter server and <c>{name}.sparkui.{domain}</c> to its Spark UI (owner or admin only, as the hub decides),
/// <c>/</c> to <c>/hub/</c>, anything else 404. Bad names never reach a backend.
/// </summary>
public sealed partial class PublicProxy(
    RouteTable routes,
    HubAccessAuthorizer authorizer,
    ActivityTracker activity,
    IHttpForwarder forwarder,
    UpstreamInvoker upstream,
    UpstreamTransformer transformer,
    UpgradeForwarder webSockets,
    IServiceEndpointResolver resolver,
    SparkUiHost sparkUiHost,
    SparkUiLogin sparkUiLogin,
    IOptionsMonitor<ProxyOptions> options,
    TimeProvider timeProvider,
    ILogger<PublicProxy> logger)
{
    private const string HubPrefix = "/hub";
    private const string InternalHubApi = "/hub/api/internal";

    private (ProxyOptions? Settings, ForwarderRequestConfig Config) _requestConfig = (null, ForwarderRequestConfig.Empty);
    private UpstreamTarget? _hubUpstream;

    public async Task HandleAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        var request = context.Request;
        if (request.IsHttps)
        {
            // Browsers that once came over TLS never fall back to plain HTTP for this host.
            context.Response.Headers.StrictTransportSecurity = $"max-age={(long)settings.HstsMaxAge.TotalSeconds}";
        }

        // Encoded slashes and backslashes in the path would let it mean one thing here and another upstream (queries
        // carry them legitimately: ?next=%2Fuser%2F…).
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget.AsSpan();
        var rawPath = rawTarget.IndexOf('?') is >= 0 and var query ? rawTarget[..query] : rawTarget;
        if (rawPath.Contains("%2f", StringComparison.OrdinalIgnoreCase) || rawPath.Contains("%5c", StringComparison.OrdinalIgnoreCase)
            || request.Path.Value?.Contains('\\') == true)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status400BadRequest, "Encoded slashes and backslashes are not allowed in paths.");
            return;
        }

        if (sparkUiHost.TryGetUser(request.Host.Host, out var sparkUser, out var hostError))
        {
            await HandleSparkUiAsync(context, sparkUser, hostError, settings);
            return;
        }

        var path = request.Path.Value ?? "/";
        if (path == "/")
        {
            await ProxyAnswers.RedirectAsync(context, "/hub/" + request.QueryString);
        }
        else if (IsInternalHubApi(path))
        {
            // Between services only; the hub checks its service tokens too, this keeps the surface small.
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status404NotFound, "Not found.");
        }
        else if (path == HubPrefix || path.StartsWith(HubPrefix + "/", StringComparison.Ordinal))
        {
            await ForwardToHubAsync(context, settings);
        }
        else
        {
            await HandleUserPathAsync(context, path, settings);
        }
    }

    private async Task HandleUserPathAsync(HttpContext context, string path, ProxyOptions settings)
    {
        switch (UserPath.TryParse(path, out var userPath, out var error))
        {
            case UserPath.ParseResult.NotUserPath:
                await ProxyAnswers.ErrorAsync(context, StatusCodes.Status404NotFound, $"Nothing is served at {Shorten(path)}.");
                return;
            case UserPath.ParseResult.InvalidName:
                await ProxyAnswers.ErrorAsync(context, StatusCodes.Status400BadRequest, error!);
                return;
            case UserPath.ParseResult.MissingTrailingSlash:
                await ProxyAnswers.RedirectAsync(context, $"{UserPath.Prefix}{userPath.Name}/{WithoutToken(context.Request)}");
                return;
        }

        var name = userPath.Name;
        if (!await AuthorizeAsync(context, name, LoginRedirect) || !await CheckOriginAsync(context))
        {
            return;
        }

        if (!routes.TryGet(name, out var route) || !route.IsRunning)
        {
            await AnswerNotRunningAsync(context, name, route);
            return;
        }

        var upstream = route.Upstream!;
        var destination = upstream.Destination(userPath.Remainder, WithoutToken(context.Request));
        await ForwardAsync(context, name, upstream.Origin, new UpstreamRequest(destination, StripCredentials: true, route.Token), settings);
    }

    private async Task HandleSparkUiAsync(HttpContext context, string? name, string? hostError, ProxyOptions settings)
    {
        if (name is null)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status400BadRequest, hostError!);
            return;
        }

        if (context.Request.Path == SparkUiLogin.CallbackPath)
        {
            await sparkUiLogin.HandleCallbackAsync(context);
            return;
        }

        // The hub's cookie belongs to the hub's host: a browser logs in there and is handed back (SparkUiLogin).
        if (!await AuthorizeAsync(context, name, returnPath => sparkUiLogin.LoginUrl(context.Request, returnPath)) || !await CheckOriginAsync(context))
        {
            return;
        }

        if (!routes.TryGet(name, out var route) || !route.IsRunning || route.SparkUiUpstream is not { } upstream)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status404NotFound, $"{name} has no running server, so no Spark UI.");
            return;
        }

        var destination = upstream.Destination(context.Request.Path.Value ?? "/", WithoutToken(context.Request));
        // Spark's UI gets no Jupyter token: it has no use for it.
        await ForwardAsync(context, name, upstream.Origin, new UpstreamRequest(destination, StripCredentials: true, ServerToken: null), settings);
    }

    private async Task ForwardToHubAsync(HttpContext context, ProxyOptions settings)
    {
        Uri hub;
        try
        {
            hub = await resolver.ResolveAsync(settings.HubUrl, context.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            LogHubUnresolved(ex);
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status502BadGateway, "The hub's address is not configured.");
            return;
        }

        var request = context.Request;
        var upstream = HubUpstream(hub);
        var destination = upstream.Destination(request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty);
        // The hub is where credentials are checked: it gets them as sent.
        await ForwardAsync(context, name: null, upstream.Origin, new UpstreamRequest(destination, StripCredentials: false, ServerToken: null), settings);
    }

    /// <returns>Whether the request may go on; otherwise the answer is written.</returns>
    /// <param name="loginUrl">Where an anonymous browser logs in, given the path (with query) to come back to.</param>
    private async Task<bool> AuthorizeAsync(HttpContext context, string name, Func<string, string> loginUrl)
    {
        AccessDecision decision;
        try
        {
            decision = await authorizer.AuthorizeAsync(name, AccessCredentials.From(context.Request), context.RequestAborted);
        }
        catch (HubUnavailableException)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status502BadGateway, "The hub could not check this request; try again shortly.");
            return false;
        }

        if (decision.Allowed)
        {
            return true;
        }

        if (!decision.IsAnonymous)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status403Forbidden, $"{decision.User} may not use {name}'s server.");
        }
        else if (ProxyAnswers.IsBrowserNavigation(context.Request))
        {
            var next = context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + WithoutToken(context.Request);
            await ProxyAnswers.RedirectAsync(context, loginUrl(next));
        }
        else
        {
            await ProxyAnswers.UnauthorizedAsync(context, "Log in to the hub, or send an API token as 'Authorization: token …'.");
        }

        return false;
    }

    private static string LoginRedirect(string next) => "/hub/login?next=" + Uri.EscapeDataString(next);

    /// <summary>
    /// Jupyter skips its own Origin check for token-authenticated requests, and every request it gets from here
    /// carries the server token; so the check is made here instead: a browser's cookie-authenticated change or
    /// WebSocket must come from a page of this very host. Requests with an API token, like scripts', are not browsers'.
    /// </summary>
    private static async Task<bool> CheckOriginAsync(HttpContext context)
    {
        var request = context.Request;
        var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        string? origin = request.Headers.Origin;
        if (origin is null || (!unsafeMethod && !ProxyAnswers.IsUpgrade(context)) || !AccessCredentials.From(request).IsCookieOnly)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            && string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        await ProxyAnswers.ErrorAsync(context, StatusCodes.Status403Forbidden, "Cross-origin request refused.");
        return false;
    }

    /// <summary>As JupyterHub: a browser goes to the spawn page while the server starts, to home otherwise.</summary>
    private static Task AnswerNotRunningAsync(HttpContext context, string name, ServerRoute? route)
    {
        var pending = route?.State == ServerState.Pending;
        if (ProxyAnswers.IsBrowserNavigation(context.Request))
        {
            return ProxyAnswers.RedirectAsync(context, pending ? $"/hub/spawn-pending/{name}" : "/hub/home");
        }

        if (pending)
        {
            context.Response.Headers.RetryAfter = "1";
            return ProxyAnswers.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"{name}'s server is starting.");
        }

        return ProxyAnswers.ErrorAsync(context, StatusCodes.Status404NotFound, $"{name} has no running server.");
    }

    /// <summary>The hub's address split for forwarding, made again only when service discovery answers another one.</summary>
    private UpstreamTarget HubUpstream(Uri hub)
    {
        var cached = _hubUpstream;
        if (cached?.BaseUrl != hub)
        {
            cached = new UpstreamTarget(hub);
            _hubUpstream = cached;
        }

        return cached;
    }

    /// <param name="prefix">The destination's origin, YARP's destination prefix.</param>
    private async Task ForwardAsync(HttpContext context, string? name, string prefix, UpstreamRequest upstreamRequest, ProxyOptions settings)
    {
        context.Features.Set(upstreamRequest);
        // The backend enforces its own limit (Jupyter's uploads can be large); Kestrel's 30 MB default would cut them.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = settings.MaxRequestBodySize;
        }

        var config = RequestConfig(settings);
        ForwarderError error;
        if (name is null)
        {
            error = await forwarder.SendAsync(context, prefix, upstream.Invoker, config, transformer);
        }
        else if (ProxyAnswers.IsUpgrade(context))
        {
            error = await ForwardUpgradeAsync(context, name, prefix, upstreamRequest, config, settings);
        }
        else
        {
            activity.Touch(name);
            error = await forwarder.SendAsync(context, prefix, upstream.Invoker, config, transformer);
        }

        if (error is not ForwarderError.None and not ForwarderError.RequestCanceled and not ForwarderError.UpgradeRequestCanceled
            and not ForwarderError.UpgradeResponseCanceled)
        {
            LogForwardFailed(name ?? "hub", prefix, error);
        }
    }

    /// <summary>HTTP/1.1 to every upstream (Jupyter's Tornado speaks nothing else): no version negotiation.</summary>
    private ForwarderRequestConfig RequestConfig(ProxyOptions settings)
    {
        // Built again only when the options are reloaded.
        var cached = _requestConfig;
        if (cached.Settings != settings)
        {
            cached = (settings, new ForwarderRequestConfig
            {
                ActivityTimeout = settings.UpstreamActivityTimeout,
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            });
            _requestConfig = cached;
        }

        return cached.Config;
    }

    /// <summary>A WebSocket (kernel, terminal) is activity when it opens, while it stays open, and when it closes.</summary>
    private async Task<ForwarderError> ForwardUpgradeAsync(
        HttpContext context, string name, string prefix, UpstreamRequest upstreamRequest, ForwarderRequestConfig config, ProxyOptions settings)
    {
        activity.Touch(name);
        // A timer callback, not a loop awaiting ticks: ending that loop woke a thread-pool thread for every socket closed.
        var interval = settings.WebSocketActivityInterval;
        using (timeProvider.CreateTimer(static state => ((OpenSocketActivity)state!).Touch(), new OpenSocketActivity(activity, name), interval, interval))
        {
            try
            {
                // WebSockets to plain-HTTP servers take the shorter path; anything else YARP's.
                return UpgradeForwarder.CanForward(context, upstreamRequest.Destination)
                    ? await webSockets.ForwardAsync(context, upstreamRequest, prefix, settings.UpstreamActivityTimeout)
                    : await forwarder.SendAsync(context, prefix, upstream.Invoker, config, transformer);
            }
            finally
            {
                activity.Touch(name);
            }
        }
    }

    /// <summary>What the open socket's timer touches.</summary>
    private sealed record OpenSocketActivity(ActivityTracker Tracker, string Name)
    {
        public void Touch() => Tracker.Touch(Name);
    }

    /// <summary>The query without <c>token</c>: a user's API token goes to the hub, never upstream or into a redirect.</summary>
    private static string WithoutToken(HttpRequest request)
    {
        if (!request.Query.ContainsKey(AccessCredentials.TokenQueryParameter))
        {
            return request.QueryString.Value ?? string.Empty;
        }

        var kept = new QueryBuilder(request.Query
            .Where(q => !string.Equals(q.Key, AccessCredentials.TokenQueryParameter, StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))));
        return kept.ToQueryString().Value ?? string.Empty;
    }

    // Case and repeated slashes are ignored, as the hub's own routing may ignore them.
    private static bool IsInternalHubApi(string path)
    {
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path.StartsWith(InternalHubApi, StringComparison.OrdinalIgnoreCase);
    }

    private static string Shorten(string path) => path.Length <= 80 ? path : path[..80] + "…";

    [LoggerMessage(LogLevel.Warning, "Forwarding to {Route} at {Destination} failed: {Error}")]
    private partial void LogForwardFailed(string route, string destination, ForwarderError error);

    [LoggerMessage(LogLevel.Error, "The hub's address cannot be resolved; check Proxy:HubUrl and services:hub")]
    private partial void LogHubUnresolved(Exception exception);
}
