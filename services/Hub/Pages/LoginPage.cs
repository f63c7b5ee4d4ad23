using Lakehouse.Hub.Authentication;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Oidc;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.Options;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary><c>/hub/login</c> and <c>/hub/logout</c>; with OIDC, the login pages of <see cref="OidcLoginPages"/>.</summary>
internal static partial class LoginPage
{
    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder endpoints)
    {
        // Known once the app is built (configuration complete): an OIDC hub has no password form.
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<AuthenticationProviderOptions>>().Value.IsOidc)
        {
            endpoints.MapOidcLoginPages();
        }
        else
        {
            endpoints.MapGet("/hub/login", (HttpContext context, string? next) =>
                HubCaller.From(context) is not null
                    ? Results.Redirect(LocalRedirect.Sanitize(next))
                    : Form(context, next, null, null, StatusCodes.Status200OK));
            endpoints.MapPost("/hub/login", Login).DisableAntiforgery();
        }

        endpoints.MapGet("/hub/logout", Logout);
        endpoints.MapPost("/hub/logout", Logout).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Login(
        HttpContext context, IAuthenticator authenticator, UserService users, SessionService sessions, LoginThrottle throttle,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await Xsrf.IsValidFormAsync(context, cancellationToken))
        {
            return BadForm(context, null);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var next = (string?)form["next"];
        var username = (string?)form["username"] ?? string.Empty;
        var client = context.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(username, client) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogThrottled(loggers.CreateLogger(typeof(LoginPage)), client?.ToString());
            return Form(context, next, username, $"Too many failed logins. Try again in {seconds} s.", StatusCodes.Status429TooManyRequests);
        }

        var result = await authenticator.AuthenticateAsync(username, (string?)form["password"] ?? string.Empty, cancellationToken);
        if (!result.Succeeded)
        {
            throttle.RecordFailure(username, client);
            // The authenticator's message never says whether the user exists.
            return Form(context, next, username, result.Message, StatusCodes.Status403Forbidden);
        }

        throttle.RecordSuccess(username, client);
        var user = await users.RecordLoginAsync(result.User, cancellationToken);
        await StartSessionAsync(context, user, sessions, loggers, cancellationToken);
        return Results.Redirect(LocalRedirect.Sanitize(next), permanent: false, preserveMethod: false);
    }

    /// <summary>Signs the user in on this browser: a new server-side session, its cookie and its CSRF token.</summary>
    public static async Task StartSessionAsync(HttpContext context, User user, SessionService sessions, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (sessionId, expires) = await sessions.CreateAsync(user.Id, cancellationToken);
        context.Response.Cookies.Append(HubCookies.Session, sessionId, HubCookies.SessionOptions(context.Request, expires));
        context.Response.Cookies.Append(HubCookies.Xsrf, Xsrf.ForSession(sessionId), HubCookies.XsrfOptions(context.Request));
        LogLoggedIn(loggers.CreateLogger(typeof(LoginPage)), user.Name, user.Admin);
    }

    private static async Task<IResult> Logout(HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsPost(context.Request.Method) && !await Xsrf.IsValidFormAsync(context, cancellationToken))
        {
            return BadForm(context, HubCaller.From(context));
        }

        if (context.Request.Cookies[HubCookies.Session] is { Length: > 0 } session)
        {
            await sessions.DeleteAsync(session, cancellationToken);
        }

        context.Response.Cookies.Delete(HubCookies.Session, new CookieOptions { Path = "/" });
        context.Response.Cookies.Delete(HubCookies.Xsrf, new CookieOptions { Path = "/hub/" });
        // With OIDC the provider's session ends too, or the next login would pass straight through it.
        if (context.RequestServices.GetRequiredService<IOptions<AuthenticationProviderOptions>>().Value.IsOidc)
        {
            var endSession = await context.RequestServices.GetRequiredService<OidcLogout>().RedirectAsync(context, HubCaller.From(context)?.Name, cancellationToken);
            // A form's redirect to another origin would break the pages' CSP (form-action 'self'): the page moves on instead.
            return HttpMethods.IsPost(context.Request.Method)
                ? Page(context, "Signing out", $"""
                    <meta http-equiv="refresh" content="0;url={E(endSession)}">
                    <p>Signing out… <a id="end-session" href="{E(endSession)}">Continue</a></p>
                    """, null)
                : Results.Redirect(endSession);
        }

        return Results.Redirect("/hub/login");
    }

    private static IResult Form(HttpContext context, string? next, string? username, string? error, int status)
    {
        var body = $"""
            <h1>Sign in</h1>
            {(error is null ? "" : $"<p class=\"error\" id=\"login-error\">{E(error)}</p>")}
            <form method="post" action="/hub/login">
              {XsrfField(context)}
              <input type="hidden" name="next" value="{E(LocalRedirect.Sanitize(next))}">
              <label>Username <input name="username" autocomplete="username" autofocus required value="{E(username)}"></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">Sign in</button>
            </form>
            """;
        return Page(context, "Sign in", body, null, status);
    }

    // The attempted account name is not logged: people type passwords into the name field.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Login attempts from {Client} refused: too many failures for one account")]
    private static partial void LogThrottled(ILogger logger, string? client);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} logged in (admin: {Admin})")]
    private static partial void LogLoggedIn(ILogger logger, string user, bool admin);
}
