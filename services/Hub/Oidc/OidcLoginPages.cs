using Lakehouse.Hub.Authentication.Oidc;
using Lakehouse.Hub.Pages;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Oidc;

/// <summary>
/// Login through the OpenID provider: <c>/hub/login</c> offers it, <c>/hub/oauth_login</c> sends the browser there,
/// <c>/hub/oauth_callback</c> (as JupyterHub's OAuthenticator) finishes it. A refused callback shows why and sets no session.
/// </summary>
internal static partial class OidcLoginPages
{
    /// <summary>The login in progress (state, nonce, PKCE verifier), encrypted; only the callback path sees it.</summary>
    public const string StateCookie = "lakehouse-oauth-state";

    public const string CallbackPath = "/hub/oauth_callback";

    public static IEndpointRouteBuilder MapOidcLoginPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/login", (HttpContext context, string? next) =>
            HubCaller.From(context) is not null
                ? Results.Redirect(LocalRedirect.Sanitize(next))
                : Page(context, "Sign in", $"""
                    <h1>Sign in</h1>
                    <p><a id="oidc-login" href="/hub/oauth_login?next={Uri.EscapeDataString(LocalRedirect.Sanitize(next))}">Sign in with your organization's account</a></p>
                    """, null));
        endpoints.MapGet("/hub/oauth_login", StartAsync);
        endpoints.MapGet(CallbackPath, CallbackAsync);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(
        HttpContext context, string? next, OidcAuthenticator authenticator, IOptions<OidcOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        OidcLoginStart start;
        try
        {
            start = await authenticator.StartLoginAsync(PublicUrl(context, options.Value.RedirectUri, CallbackPath), LocalRedirect.Sanitize(next), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            // The discovery document could not be read: the provider is down or misconfigured.
            LogProviderUnavailable(loggers.CreateLogger(typeof(OidcLoginPages)), e.Message);
            return Page(context, "Sign in", "<p class=\"error\" id=\"login-error\">The login service is unavailable; try again later.</p>", null,
                StatusCodes.Status503ServiceUnavailable);
        }

        context.Response.Cookies.Append(StateCookie, start.StateCookie, StateCookieOptions(context.Request, options.Value.LoginTimeout));
        return Results.Redirect(start.AuthorizationUrl);
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext context, OidcAuthenticator authenticator, UserService users, SessionService sessions, AuthStateStore authStates,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        // One use only: whatever the outcome, this login's state is gone.
        context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = CallbackPath });
        OidcLoginResult result;
        try
        {
            result = await authenticator.CompleteLoginAsync(
                context.Request.Cookies[StateCookie], query["state"], query["code"], query["error"], query["iss"], cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            LogProviderUnavailable(loggers.CreateLogger(typeof(OidcLoginPages)), e.Message);
            result = OidcLoginResult.Fail("The login service is unavailable; try again later.");
        }

        if (!result.Succeeded)
        {
            return Page(context, "Sign in", $"""
                <h1>Sign in</h1>
                <p class="error" id="login-error">{E(result.Error)}</p>
                <p><a id="oidc-login" href="/hub/oauth_login">Sign in again</a></p>
                """, null, StatusCodes.Status403Forbidden);
        }

        var user = await users.RecordLoginAsync(result.User, cancellationToken);
        await authStates.SaveAsync(user, result.Tokens, cancellationToken);
        await LoginPage.StartSessionAsync(context, user, sessions, loggers, cancellationToken);
        return Results.Redirect(LocalRedirect.Sanitize(result.Next));
    }

    /// <summary>The configured URL, else this path on the host the browser used (the proxy keeps the original Host).</summary>
    public static string PublicUrl(HttpContext context, string? configured, string path) =>
        configured ?? $"{context.Request.Scheme}://{context.Request.Host}{path}";

    private static CookieOptions StateCookieOptions(HttpRequest request, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        // Lax: the provider's redirect back is a top-level GET from another site, which Strict would strip.
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = CallbackPath,
        MaxAge = lifetime,
        IsEssential = true,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "The OpenID provider could not be reached: {Error}")]
    private static partial void LogProviderUnavailable(ILogger logger, string error);
}
