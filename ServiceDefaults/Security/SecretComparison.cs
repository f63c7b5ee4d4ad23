using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.ServiceDefaults.Security;

public static class SecretComparison
{
    /// <summary>
    /// Constant-time equality of two secrets, compared as SHA-256 hashes so that not even the length leaks. An unset
    /// secret on either side never matches.
    /// </summary>
    public static bool FixedTimeEquals(string? presented, string? expected) =>
        !string.IsNullOrEmpty(presented) & !string.IsNullOrEmpty(expected)
        & CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? string.Empty)));
}
