using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Lakehouse.FileServer.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against the hub's and the spawner's tokens, both compared in constant time
/// on SHA-256 hashes (so neither the length nor which one nearly matched leaks). The caller gets its role.
/// </summary>
internal sealed class ServiceTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptionsMonitor<ServiceTokenOptions> tokens,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("Only bearer service tokens are accepted."));
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()));
        var configured = tokens.CurrentValue;
        string? role = null;
        foreach (var (caller, token) in new[] { (FileServerCallers.Hub, configured.Hub), (FileServerCallers.Spawner, configured.Spawner) })
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token ?? string.Empty));
            if (CryptographicOperations.FixedTimeEquals(presented, expected) & !string.IsNullOrEmpty(token))
            {
                role ??= caller;
            }
        }

        if (role is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown service token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], FileServerCallers.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), FileServerCallers.Scheme)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}
