using System.Text;

namespace Lakehouse.Contracts;

/// <summary>
/// Recognizes <c>{label}.sparkui.{domain}</c>, the host of a user's Spark UI (as in the original lakehouse): the route
/// controller routes by it (and writes it into VirtualServices), the hub sends login hand-offs only to such hosts.
/// </summary>
/// <remarks>
/// User names may hold '.' and '_', which a DNS label may not, so the label is the name escaped one-to-one: letters and
/// digits stay, '-' becomes <c>-0</c>, '.' <c>-1</c> and '_' <c>-2</c> (<c>a_b</c> → <c>a-2b</c>, <c>bob-s</c> →
/// <c>bob-0s</c>). A name starts with a letter or digit and every escape ends with a digit, so the label is a valid
/// DNS-1123 label, and at most 1 + 2 × 31 = 63 characters for the longest name.
/// </remarks>
public sealed class SparkUiHost(string domain)
{
    private const string Escaped = "-._";

    private readonly string _suffix = ".sparkui." + domain.ToLowerInvariant();

    /// <summary>The host of a valid (normalized) user name's Spark UI.</summary>
    public string HostFor(string name) => Label(name) + _suffix;

    public static string Label(string name)
    {
        var label = new StringBuilder(name.Length * 2);
        foreach (var c in name)
        {
            var escape = Escaped.IndexOf(c, StringComparison.Ordinal);
            if (escape >= 0)
            {
                label.Append('-').Append((char)('0' + escape));
            }
            else
            {
                label.Append(c);
            }
        }

        return label.ToString();
    }

    /// <returns>False when the host is not a Spark UI host at all; otherwise the name, or the reason it is refused.</returns>
    public bool TryGetUser(string host, out string? name, out string? error)
    {
        name = null;
        error = null;
        if (!host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase) || host.Length == _suffix.Length)
        {
            return false;
        }

        // Host names are case-insensitive, so here (unlike paths) uppercase is simply folded.
        var label = host[..^_suffix.Length].ToLowerInvariant();
        if (!TryUnescape(label, out var unescaped))
        {
            // The label is not quoted: it is whatever a client sent.
            error = "This host is not the Spark UI host of any user (in its first label, '-', '.' and '_' of a user name are written -0, -1 and -2).";
            return true;
        }

        if (!UserName.TryNormalize(unescaped, out name, out error))
        {
            name = null;
        }

        return true;
    }

    private static bool TryUnescape(string label, out string name)
    {
        name = string.Empty;
        var unescaped = new StringBuilder(label.Length);
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                unescaped.Append(c);
                continue;
            }

            // Only escapes besides: a raw '_' or '.' (several labels) is never a host this class made.
            var code = c == '-' && i + 1 < label.Length ? label[i + 1] - '0' : -1;
            if (code < 0 || code >= Escaped.Length)
            {
                return false;
            }

            unescaped.Append(Escaped[code]);
            i++;
        }

        name = unescaped.ToString();
        return true;
    }
}
