using System.Text;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>
/// Escapes values put into LDAP filters (RFC 4515) and DNs (RFC 4514). Usernames are validated before they get
/// here, so this is the second line against LDAP injection, not the only one.
/// </summary>
public static class LdapEscaping
{
    /// <summary><c>*</c>, <c>(</c>, <c>)</c>, <c>\</c>, NUL and every non-ASCII byte become <c>\xx</c>.</summary>
    public static string FilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or 0 or >= 0x80)
            {
                escaped.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append((char)b);
            }
        }

        return escaped.ToString();
    }

    /// <summary>An attribute value inside a DN: the special characters get a backslash, NUL becomes <c>\00</c>.</summary>
    public static string DnValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' ');
            if (c == '\0')
            {
                escaped.Append("\\00");
            }
            else
            {
                escaped.Append(special ? "\\" : string.Empty).Append(c);
            }
        }

        return escaped.ToString();
    }
}
