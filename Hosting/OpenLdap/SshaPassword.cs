using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>
/// Salted SHA-1 password hashes as slapd stores them: <c>{SSHA}</c> + base64(SHA1(password + salt) + salt).
/// Computed here so that a password never appears on a command line (<c>slappasswd -s</c> would show it in ps).
/// </summary>
internal static class SshaPassword
{
    private const string Scheme = "{SSHA}";
    private const int SaltLength = 8;
    private const int DigestLength = 20;

    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(SaltLength));

    /// <summary>Whether <paramref name="hash"/> is an <c>{SSHA}</c> hash of <paramref name="password"/>.</summary>
    public static bool Verify(string password, string hash)
    {
        if (!hash.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(hash[Scheme.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return decoded.Length > DigestLength
               && CryptographicOperations.FixedTimeEquals(
                   Encoding.ASCII.GetBytes(Hash(password, decoded[DigestLength..])), Encoding.ASCII.GetBytes(Scheme + Convert.ToBase64String(decoded)));
    }

    private static string Hash(string password, byte[] salt)
    {
        var digest = SHA1.HashData([.. Encoding.UTF8.GetBytes(password), .. salt]);
        return Scheme + Convert.ToBase64String([.. digest, .. salt]);
    }
}
