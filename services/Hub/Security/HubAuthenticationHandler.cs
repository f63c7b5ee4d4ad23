using System.Security.Claims;
using System.Text.Encodings.Web;
using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Options;
using Lakehouse.Hub.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>
/// Finds who is calling: <c>Authorization: token X</c> or <c>Bearer X</c> (the operator's token, or a user's API
/// token), else the session cookie. A token that is presented but unknown fails the request (401) rather than
/// falling back to the cookie.
/// </summary>
internal sealed class HubAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<PlatformOptions> platform,
    SessionService sessions,
    ApiTokenService tokens,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The internal endpoints check the route controller's service token themselves; it is no user credential.
        if (Request.Path.StartsWithSegments(InternalApi.Prefix))
        {
            return AuthenticateResult.NoResult();
        }

        if (AuthorizationToken(Request) is { } presented)
        {
            if (SecretTokens.FixedTimeEquals(presented, platform.CurrentValue.ApiToken))
            {
                return Success(HubClaims.OperatorName, admin: true, HubClaims.ServiceKind, HubClaims.TokenMethod);
            }

            var owner = await tokens.FindUserAsync(presented, Context.RequestAborted);
            return owner is null
                ? AuthenticateResult.Fail("Invalid or expired token.")
                : Success(owner, HubClaims.TokenMethod);
        }

        if (Request.Cookies[HubCookies.Session] is { Length: > 0 } session)
        {
            var user = await sessions.FindUserAsync(session, Context.RequestAborted);
            return user is null ? AuthenticateResult.NoResult() : Success(user, HubClaims.CookieMethod);
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "token";
        return Response.WriteAsJsonAsync(new ApiError(401, "Authentication required: log in, or send 'Authorization: token <API token>'."));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new ApiError(403, "Forbidden."));
    }

    /// <summary>The token of <c>Authorization: token X</c> or <c>Authorization: Bearer X</c>.</summary>
    public static string? AuthorizationToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var space = header.IndexOf(' ');
        if (space <= 0)
        {
            return header.Trim();
        }

        var scheme = header[..space];
        return scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase)
            ? header[(space + 1)..].Trim()
            : header.Trim();
    }

    private AuthenticateResult Success(User user, string method) =>
        Success(user.Name, user.Admin, HubClaims.UserKind, method);

    private AuthenticateResult Success(string name, bool admin, string kind, string method)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, name),
                new Claim(HubClaims.Kind, kind),
                new Claim(HubClaims.Admin, admin ? "true" : "false"),
                new Claim(HubClaims.Method, method),
            ],
            HubClaims.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), HubClaims.Scheme));
    }
}
