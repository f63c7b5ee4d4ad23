using System.Text.Json;
using Lakehouse.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// Checks an ID token as OpenID Connect Core 3.1.3.7 asks: signed by a key of the provider's JWKS (never
/// <c>alg: none</c>), issued by the provider, for this client (and, with several audiences, authorized for it),
/// not expired, and carrying the nonce this login sent. Returns its payload, or why it was refused.
/// </summary>
public sealed class OidcIdTokenValidator(OidcMetadata metadata, IOptions<OidcOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<(JsonElement? Payload, string? Error)> ValidateAsync(string idToken, string expectedNonce, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var result = await ValidateOnceAsync(idToken, settings, await metadata.GetAsync(cancellationToken));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys since the JWKS was cached.
            result = await ValidateOnceAsync(idToken, settings, await metadata.RefreshAsync(cancellationToken));
        }

        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenExpiredException => "the ID token has expired",
                SecurityTokenInvalidIssuerException => "the ID token was issued by another issuer",
                SecurityTokenInvalidAudienceException => "the ID token is meant for another client",
                SecurityTokenNotYetValidException => "the ID token is not valid yet",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the ID token's signature is invalid",
                SecurityTokenNoExpirationException => "the ID token has no expiry",
                _ => "the ID token is invalid",
            });
        }

        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var root = payload.RootElement.Clone();
        var nonce = root.TryGetProperty("nonce", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (!Secrets.FixedTimeEquals(nonce, expectedNonce))
        {
            return (null, "the ID token does not carry this login's nonce");
        }

        // OIDC Core 3.1.3.7 (4, 5): with several audiences, azp must be this client.
        if (root.TryGetProperty("aud", out var aud) && aud.ValueKind == JsonValueKind.Array && aud.GetArrayLength() > 1
            && !(root.TryGetProperty("azp", out var azp) && azp.ValueKind == JsonValueKind.String && azp.GetString() == settings.ClientId))
        {
            return (null, "the ID token is meant for another client");
        }

        if (!root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(sub.GetString()))
        {
            return (null, "the ID token has no subject");
        }

        return (root, null);
    }

    private Task<TokenValidationResult> ValidateOnceAsync(string idToken, OidcOptions settings, OpenIdConnectConfiguration configuration)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer ?? configuration.Issuer,
            ValidAudience = settings.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = settings.ClockSkew,
            ValidateIssuerSigningKey = true,
            // Asymmetric algorithms only: an HMAC "signature" would be keyed with the client secret, which the hub holds too.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512],
            TryAllIssuerSigningKeys = false,
        };
        return _handler.ValidateTokenAsync(idToken, parameters);
    }
}
