using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>
/// Salted SHA-1 password hashes as slapd stores them: <c>{SSHA}</c> + base64(SHA1(password + salt) + salt).
/// Computed here so that a password never appears on a command line (<c>slappasswd -s</c> would show it in ps).
/// </summary>
internal static class SshaPassword
{
    private const int SaltLength = 8;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var digest = SHA1.HashData([.. passwordBytes, .. salt]);
        return "{SSHA}" + Convert.ToBase64String([.. digest, .. salt]);
    }
}
