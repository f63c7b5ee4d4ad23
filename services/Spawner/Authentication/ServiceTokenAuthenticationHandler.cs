using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Lakehouse.Spawner.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against the configured service tokens, compared in constant time (on
/// hashes, so that not even the length leaks). The caller becomes a principal with its role: hub or route controller.
/// </summary>
internal sealed class ServiceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<ServiceTokenOptions> tokens,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
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

        var presented = Hash(header[BearerPrefix.Length..].Trim());
        var configured = tokens.CurrentValue;
        // Both are compared every time, so that the time taken does not say which one nearly matched.
        var isHub = Matches(presented, configured.Hub);
        var isRouteController = Matches(presented, configured.RouteController);
        var role = isHub ? ServiceCallers.Hub : isRouteController ? ServiceCallers.RouteController : null;
        if (role is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown service token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], ServiceCallers.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ServiceCallers.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    private static bool Matches(byte[] presented, string? configured) =>
        !string.IsNullOrEmpty(configured) & CryptographicOperations.FixedTimeEquals(presented, Hash(configured ?? string.Empty));

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
