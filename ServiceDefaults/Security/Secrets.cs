using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.ServiceDefaults.Security;

/// <summary>Random secrets (256 bits, URL-safe) and their constant-time comparison.</summary>
public static class Secrets
{
    /// <summary>256 random bits, URL-safe: also a valid PKCE verifier (43 characters, RFC 7636 4.1).</summary>
    public static string NewValue() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Constant-time equality of two secrets, compared as SHA-256 hashes so that not even the length leaks. An unset
    /// secret on either side never matches.
    /// </summary>
    public static bool FixedTimeEquals(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) & !string.IsNullOrEmpty(expected)
        & CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
