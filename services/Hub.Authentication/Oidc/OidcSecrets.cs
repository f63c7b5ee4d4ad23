using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>Random values for a login (state, nonce, PKCE verifier) and their constant-time comparison.</summary>
internal static class OidcSecrets
{
    /// <summary>256 random bits, URL-safe: also a valid PKCE verifier (43 characters, RFC 7636 4.1).</summary>
    public static string NewValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The PKCE S256 challenge: BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static string S256Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static bool FixedTimeEquals(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) & !string.IsNullOrEmpty(expected)
        & CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
