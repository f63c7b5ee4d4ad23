using System.Text;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>
/// Writes LDIF (RFC 2849) for slapadd. A value that is not a SAFE-STRING (non-ASCII, a leading space, colon or
/// '&lt;', a trailing space, a line break) is written base64-encoded, so a state folder path such as
/// <c>/home/zoë/…</c> or a DN cannot break the file.
/// </summary>
internal sealed class LdifBuilder
{
    private readonly StringBuilder _text = new();

    public LdifBuilder Entry(string dn)
    {
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        return Attribute("dn", dn);
    }

    public LdifBuilder Attribute(string name, string value)
    {
        _text.Append(name);
        if (IsSafe(value))
        {
            _text.Append(": ").Append(value);
        }
        else
        {
            _text.Append(":: ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(value)));
        }

        _text.Append('\n');
        return this;
    }

    public LdifBuilder Attributes(string name, params IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Attribute(name, value);
        }

        return this;
    }

    /// <summary>slapadd's extension: the entries of another LDIF file, such as a schema.</summary>
    public LdifBuilder Include(string path)
    {
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append("include: ").Append(new Uri(path).AbsoluteUri).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static bool IsSafe(string value) =>
        value.Length == 0
        || (value[0] is not (' ' or ':' or '<')
            && value[^1] != ' '
            && value.All(c => c is > '\0' and < '\u007f' and not ('\n' or '\r')));
}
