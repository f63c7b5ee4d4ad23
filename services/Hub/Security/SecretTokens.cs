using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hub.Security;

/// <summary>Random secrets (256 bits, URL-safe) and the hashes that are kept in their place.</summary>
public static class SecretTokens
{
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lowercase hex SHA-256. A 256-bit random secret needs no salt or stretching.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant-time equality of two secrets (compared as hashes, so not even the length leaks).</summary>
    public static bool FixedTimeEquals(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) & !string.IsNullOrEmpty(expected)
        & CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty)));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
