namespace Lakehouse.RouteController.Access;

/// <summary>
/// What a request shows to prove who sent it: the hub's session cookie and/or an API token (JupyterHub's
/// <c>Authorization: token X</c>, also <c>bearer X</c>, or <c>?token=X</c>). Never logged.
/// </summary>
public sealed record AccessCredentials(string? Cookie, string? Token)
{
    public const string SessionCookieName = "lakehouse-session";
    public const string TokenQueryParameter = "token";

    public bool IsAnonymous => Cookie is null && Token is null;

    /// <summary>Only the cookie a browser sends by itself: the case where the request's Origin matters.</summary>
    public bool IsCookieOnly => Cookie is not null && Token is null;

    public static AccessCredentials From(HttpRequest request)
    {
        var cookie = request.Cookies[SessionCookieName] is { Length: > 0 } c ? c : null;
        return new AccessCredentials(cookie, TokenFromHeader(request) ?? TokenFromQuery(request));
    }

    /// <summary>A cache key that does not keep the credential itself in memory.</summary>
    public AccessKey CacheKey(string server) => AccessKey.For(server, Cookie, Token);

    private static string? TokenFromHeader(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null)
        {
            return null;
        }

        var space = header.IndexOf(' ');
        if (space <= 0)
        {
            return null;
        }

        var scheme = header.AsSpan(0, space);
        var value = header[(space + 1)..].Trim();
        return value.Length > 0 && (scheme.Equals("token", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase)) ? value : null;
    }

    private static string? TokenFromQuery(HttpRequest request) =>
        request.Query.TryGetValue(TokenQueryParameter, out var values) && values.Count > 0 && values[0] is { Length: > 0 } v ? v : null;
}
