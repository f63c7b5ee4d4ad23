using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.ServiceDefaults.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against the configured service tokens, each compared in constant time on
/// hashes (so neither the length nor which one nearly matched leaks). The caller becomes a principal with its role.
/// </summary>
internal sealed class ServiceTokenAuthenticationHandler<
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TTokens>(
    IOptionsMonitor<ServiceTokenAuthenticationOptions<TTokens>> schemeOptions,
    IOptionsMonitor<TTokens> tokens,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<ServiceTokenAuthenticationOptions<TTokens>>(schemeOptions, loggerFactory, encoder)
    where TTokens : class
{
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("Only bearer service tokens are accepted."));
        }

        var presented = header[BearerPrefix.Length..].Trim();
        string? role = null;
        // Every caller's token is compared every time, so that the time taken does not say which one nearly matched.
        foreach (var caller in Options.Callers(tokens.CurrentValue))
        {
            if (Secrets.FixedTimeEquals(presented, caller.Token))
            {
                role ??= caller.Role;
            }
        }

        if (role is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown service token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}
