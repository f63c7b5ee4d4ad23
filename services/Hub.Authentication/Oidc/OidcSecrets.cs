using System.Security.Cryptography;
using System.Text;
using Lakehouse.ServiceDefaults.Security;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>What a login's random values (<see cref="Secrets"/>) need beyond the shared ones: the PKCE challenge.</summary>
internal static class OidcSecrets
{
    /// <summary>The PKCE S256 challenge: BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static string S256Challenge(string verifier) => Secrets.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
