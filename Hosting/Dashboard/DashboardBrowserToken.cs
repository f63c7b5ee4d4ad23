using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The secret in the login link, and the session cookie value derived from it.</summary>
/// <remarks>Never log it: it is printed to the console once, in the login link, and nowhere else.</remarks>
public sealed class DashboardBrowserToken
{
    public const int MinimumLength = 16;
    public const int MaximumLength = 256;

    private const string SessionPurpose = "lakehouse-dashboard-session";

    private readonly byte[] _tokenHash;
    private readonly byte[] _sessionValue;

    private DashboardBrowserToken(string value)
    {
        Value = value;
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        // The cookie holds a value derived from the token rather than the token itself,
        // so the browser's cookie store does not keep the secret that the console printed.
        _sessionValue = HMACSHA256.HashData(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(SessionPurpose));
        SessionCookieValue = Convert.ToHexStringLower(_sessionValue);
    }

    public string Value { get; }

    public string SessionCookieValue { get; }

    /// <summary>The configured token, or a fresh 256-bit random one.</summary>
    public static DashboardBrowserToken FromOptions(DashboardOptions options) =>
        new(options.BrowserToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A configured token must be long enough to guess badly and safe to put in a URL unescaped.</summary>
    public static bool IsAcceptable(string token, [NotNullWhen(false)] out string? reason)
    {
        reason = token switch
        {
            { Length: < MinimumLength } => $"the token needs at least {MinimumLength} characters",
            { Length: > MaximumLength } => $"the token has at most {MaximumLength} characters",
            _ when !token.All(IsUrlSafe) => "the token holds only ASCII letters, digits, '-', '_', '.' and '~'",
            _ => null,
        };
        return reason is null;
    }

    /// <summary>Constant-time check of a presented token (from the login link or a bearer header).</summary>
    public bool Matches(string? candidate) =>
        candidate is { Length: > 0 and <= MaximumLength }
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _tokenHash);

    /// <summary>Constant-time check of a session cookie.</summary>
    public bool MatchesSessionCookie(string? cookie)
    {
        if (cookie is not { Length: 64 })
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[32];
        return Convert.FromHexString(cookie, presented, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == presented.Length
            && CryptographicOperations.FixedTimeEquals(presented, _sessionValue);
    }

    private static bool IsUrlSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';

    /// <summary>Keeps the secret out of anything that formats this object.</summary>
    public override string ToString() => "[dashboard browser token]";
}
