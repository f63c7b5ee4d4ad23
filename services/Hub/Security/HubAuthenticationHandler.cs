using System.Security.Claims;
using System.Text.Encodings.Web;
using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Apis.Models;
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
    CallerResolver callers,
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
            return await callers.FromTokenAsync(presented, Context.RequestAborted) is { } caller
                ? Success(caller)
                : AuthenticateResult.Fail("Invalid or expired token.");
        }

        if (Request.Cookies[HubCookies.Session] is { Length: > 0 } session
            && await callers.FromSessionAsync(session, Context.RequestAborted) is { } user)
        {
            return Success(user);
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "token";
        return Response.WriteAsJsonAsync(new ApiError(401, "Authentication required: log in, or send 'Authorization: token <API token>'."), HubJsonContext.Responses.ApiError);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new ApiError(403, "Forbidden."), HubJsonContext.Responses.ApiError);
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

    private AuthenticateResult Success(HubCaller caller)
    {
        // The caller, with its scopes, travels with the request; the principal only names it.
        Context.Features.Set(caller);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.Name)], HubClaims.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), HubClaims.Scheme));
    }
}
