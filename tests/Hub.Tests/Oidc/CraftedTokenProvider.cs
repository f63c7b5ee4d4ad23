using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>How the ID token of <see cref="CraftedTokenProvider"/> is wrong (or right).</summary>
public enum IdTokenFlaw
{
    None,
    WrongAudience,
    WrongIssuer,
    Expired,
    TamperedSignature,
    SignedByAnotherKey,
    WrongNonce,
    Unsigned,
}

/// <summary>
/// A real OpenID provider over HTTP on a loopback port (discovery, JWKS, authorize, token) whose ID tokens are
/// crafted by the test: right, or wrong in one way. The authorize step logs in at once as <c>alice</c>.
/// </summary>
internal sealed class CraftedTokenProvider : IAsyncDisposable
{
    public const string ClientId = OidcProviderProcess.ClientId;
    public const string ClientSecret = "secret-of-the-crafted-token-provider";
    private const string KeyId = "test-key";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _otherRsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> _nonceByCode = new();
    private readonly WebApplication _app;

    private CraftedTokenProvider(WebApplication app) => _app = app;

    public Uri Issuer { get; private set; } = null!;

    public IdTokenFlaw Flaw { get; set; }

    public static async Task<CraftedTokenProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new CraftedTokenProvider(app);
        provider.Map(app);
        await app.StartAsync();
        provider.Issuer = new Uri(app.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = IssuerName,
            ["authorization_endpoint"] = $"{IssuerName}/authorize",
            ["token_endpoint"] = $"{IssuerName}/token",
            ["jwks_uri"] = $"{IssuerName}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = KeyId, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (string redirect_uri, string state, string nonce, string code_challenge_method) =>
        {
            Assert.Equal("S256", code_challenge_method);
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _nonceByCode[code] = nonce;
            return Results.Redirect($"{redirect_uri}?code={code}&state={Uri.EscapeDataString(state)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_nonceByCode.TryRemove((string?)form["code"] ?? "", out var nonce) || string.IsNullOrEmpty(form["code_verifier"]))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = "crafted-access-token",
                ["token_type"] = "Bearer",
                ["expires_in"] = 300,
                ["id_token"] = IdToken(nonce),
            });
        });
    }

    private string IssuerName => Issuer.ToString().TrimEnd('/');

    private string IdToken(string nonce)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Flaw == IdTokenFlaw.WrongIssuer ? "http://127.0.0.1:1/another-issuer" : IssuerName,
            Audience = Flaw == IdTokenFlaw.WrongAudience ? "another-client" : ClientId,
            IssuedAt = Flaw == IdTokenFlaw.Expired ? now.AddMinutes(-30) : now,
            NotBefore = Flaw == IdTokenFlaw.Expired ? now.AddMinutes(-30) : now,
            Expires = Flaw == IdTokenFlaw.Expired ? now.AddMinutes(-10) : now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "alice-subject",
                ["nonce"] = Flaw == IdTokenFlaw.WrongNonce ? "another-nonce" : nonce,
                ["preferred_username"] = "alice",
                ["groups"] = new[] { "data-team" },
                ["uidNumber"] = 10001,
                ["gidNumber"] = 10001,
            },
            SigningCredentials = Flaw == IdTokenFlaw.Unsigned ? null : new SigningCredentials(
                new RsaSecurityKey(Flaw == IdTokenFlaw.SignedByAnotherKey ? _otherRsa : _rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        if (Flaw == IdTokenFlaw.TamperedSignature)
        {
            var parts = token.Split('.');
            var signature = parts[2].ToCharArray();
            signature[10] = signature[10] == 'A' ? 'B' : 'A';
            token = $"{parts[0]}.{parts[1]}.{new string(signature)}";
        }

        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _otherRsa.Dispose();
    }
}
