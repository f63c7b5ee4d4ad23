using System.Security.Cryptography;
using System.Text;
using Lakehouse.ServiceDefaults.Security;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// AES-256-GCM with keys derived (HKDF-SHA256) from the configured auth-state key, one per purpose, so a login
/// cookie can never be replayed as stored auth state and the reverse. The associated data binds a ciphertext to its
/// owner (a user name), so a row copied to another user does not decrypt.
/// </summary>
public sealed class AuthStateProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public AuthStateProtector(string secret, string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Encoding.UTF8.GetBytes("lakehouse:" + purpose));
    }

    /// <summary>URL-safe base64 of nonce, ciphertext and tag.</summary>
    public string Protect(string plaintext, string associatedData)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(associatedData));
        return Secrets.Base64Url(output);
    }

    /// <summary>The plaintext, or null when the value was not made by this key and purpose for this owner, or was altered.</summary>
    public string? Unprotect(string? protectedValue, string associatedData)
    {
        if (string.IsNullOrEmpty(protectedValue) || protectedValue.Length > 64 * 1024)
        {
            return null;
        }

        byte[] data;
        try
        {
            var base64 = protectedValue.Replace('-', '+').Replace('_', '/');
            data = Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
        }
        catch (FormatException)
        {
            return null;
        }

        if (data.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plaintext = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plaintext.Length), data.AsSpan(NonceSize + plaintext.Length), plaintext,
                Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plaintext);
    }
}
