using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hub.Security;

/// <summary>The hashes kept in place of the hub's secrets (made and compared with <c>Secrets</c>).</summary>
public static class SecretTokens
{
    /// <summary>Lowercase hex SHA-256. A 256-bit random secret needs no salt or stretching.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
