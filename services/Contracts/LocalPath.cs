namespace Lakehouse.Contracts;

/// <summary>
/// A redirect target (<c>next</c>) may only name a path on the same site: no scheme, no host, no <c>//</c> or
/// backslash tricks. The hub and the route controller (Spark UI logins) both redirect by it.
/// </summary>
public static class LocalPath
{
    /// <summary><paramref name="next"/> when it is a local path, else <paramref name="fallback"/>.</summary>
    public static string Sanitize(string? next, string fallback)
    {
        if (string.IsNullOrEmpty(next) || next.Length > 2048)
        {
            return fallback;
        }

        // One leading slash, then anything but a second slash or a backslash (browsers read "/\evil" as "//evil").
        if (next[0] != '/' || (next.Length > 1 && next[1] is '/' or '\\'))
        {
            return fallback;
        }

        // Control characters (tab, newline) are stripped by browsers and could rebuild "//"; refuse them outright.
        return next.Any(c => char.IsControl(c) || c == '\\') ? fallback : next;
    }
}
