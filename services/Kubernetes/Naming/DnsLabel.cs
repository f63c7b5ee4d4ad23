using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Kubernetes.Naming;

/// <summary>
/// DNS-1123 labels (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63
/// characters): the rule for pod, Service and label-value names here.
/// </summary>
public static class DnsLabel
{
    public const int MaxLength = 63;

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && value[0] != '-' && value[^1] != '-';

    /// <summary>
    /// A name as label characters, injectively: letters and digits stay, every other character (the escape character
    /// '-' included) becomes <c>-xx</c>, its hex code, so <c>a-b</c>, <c>a.b</c> and <c>a_b</c> give <c>a-2db</c>,
    /// <c>a-2eb</c> and <c>a-5fb</c>. Uppercase letters are escaped too, so the result is lowercase.
    /// </summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                escaped.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    escaped.Append('-').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// <paramref name="name"/> when it is a valid label; one that is too long is cut and given a hash of the whole, so
    /// that it stays distinct in practice. Callers still check the owner of an existing object: a cut name is not
    /// guaranteed unique.
    /// </summary>
    public static string Fit(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(MaxLength - 9)].TrimEnd('-')}-{hash}";
    }
}
