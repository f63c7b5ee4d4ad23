using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>An LDAP server address parsed from <c>ldap://host[:port]</c> or <c>ldaps://host[:port]</c>.</summary>
internal sealed record LdapServer(string Host, int Port, bool UseSsl)
{
    public static bool TryParse(string? uri, [NotNullWhen(true)] out LdapServer? server)
    {
        server = null;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            return false;
        }

        var useSsl = parsed.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
        if (!useSsl && !parsed.Scheme.Equals("ldap", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        server = new LdapServer(parsed.IdnHost, parsed.IsDefaultPort || parsed.Port < 0 ? (useSsl ? 636 : 389) : parsed.Port, useSsl);
        return true;
    }
}
