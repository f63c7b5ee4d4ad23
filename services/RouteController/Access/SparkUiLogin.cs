using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.RouteController.Options;
using Lakehouse.RouteController.Proxy;
using Microsoft.Extensions.Options;

namespace Lakehouse.RouteController.Access;

/// <summary>
/// Logs a browser in on a Spark UI host. The hub's session cookie belongs to the hub's host, so an anonymous browser
/// here is sent to <c>/hub/sparkui-login</c> on the hub's host; signed in there, it comes back to
/// <see cref="CallbackPath"/> with a one-time code, which is traded with the hub (service token) for a session that
/// becomes this host's own cookie. Who may then see the Spark UI is decided as for any request.
/// </summary>
public sealed partial class SparkUiLogin(HttpClient hubClient, IOptionsMonitor<ProxyOptions> options, IOptionsMonitor<CredentialOptions> credentials, ILogger<SparkUiLogin> logger)
{
    public const string CallbackPath = "/__lakehouse/callback";
    private const string ExchangePath = "hub/api/internal/sparkui-session";

    /// <summary>The hub's login hand-off for this request's host, coming back to the same path.</summary>
    public string LoginUrl(HttpRequest request, string returnPath)
    {
        var settings = options.CurrentValue;
        var hub = settings.PublicHubUrl?.GetLeftPart(UriPartial.Authority)
            ?? $"{request.Scheme}://{(settings.Domain == "localhost" ? "127.0.0.1" : $"jupyterhub.{settings.Domain}")}{(request.Host.Port is { } port ? $":{port}" : "")}";
        return $"{hub}/hub/sparkui-login?host={Uri.EscapeDataString(request.Host.Value ?? string.Empty)}&next={Uri.EscapeDataString(returnPath)}";
    }

    /// <summary>Answers <see cref="CallbackPath"/>: sets this host's session cookie and goes on to <c>next</c>.</summary>
    public async Task HandleCallbackAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query["code"] is not [{ Length: > 0 } code])
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status400BadRequest, "The login hand-off has no code.");
            return;
        }

        SessionGrant? grant;
        try
        {
            using var exchange = new HttpRequestMessage(HttpMethod.Post, ExchangePath)
            {
                Content = JsonContent.Create(new SessionRequest(code, request.Host.Value), RouteControllerJsonContext.Default.SessionRequest),
            };
            exchange.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.CurrentValue.ServiceTokens.RouteController);
            using var response = await hubClient.SendAsync(exchange, context.RequestAborted);
            grant = response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(RouteControllerJsonContext.Default.SessionGrant, context.RequestAborted)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException)
        {
            LogHubUnreachable(e);
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status502BadGateway, "The hub could not complete the login; try again shortly.");
            return;
        }

        if (grant is null)
        {
            await ProxyAnswers.ErrorAsync(context, StatusCodes.Status400BadRequest, "The login hand-off expired or was used already; open the Spark UI again.");
            return;
        }

        context.Response.Cookies.Append(AccessCredentials.SessionCookieName, grant.Session, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = request.IsHttps,
            Path = "/",
            Expires = grant.Expires,
            IsEssential = true,
        });
        await ProxyAnswers.RedirectAsync(context, LocalPath.Sanitize(request.Query["next"], "/"));
    }

    /// <summary>The body of the code exchange.</summary>
    internal sealed record SessionRequest(string Code, string? Host);

    /// <summary>The hub's answer to the code exchange: this host's session and when it ends.</summary>
    internal sealed record SessionGrant(string Session, DateTimeOffset Expires);

    [LoggerMessage(LogLevel.Warning, "The hub could not be asked to complete a Spark UI login")]
    private partial void LogHubUnreachable(Exception exception);
}
