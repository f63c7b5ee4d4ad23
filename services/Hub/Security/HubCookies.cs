namespace Lakehouse.Hub.Security;

/// <summary>The hub's cookies. The session cookie is seen on <c>/user/</c> paths too, for the route controller.</summary>
public static class HubCookies
{
    public const string Session = "lakehouse-session";

    /// <summary>The CSRF token, readable by scripts (as JupyterHub's <c>_xsrf</c>).</summary>
    public const string Xsrf = "_xsrf";

    public static CookieOptions SessionOptions(HttpRequest request, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    public static CookieOptions XsrfOptions(HttpRequest request) => new()
    {
        HttpOnly = false,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/hub/",
        IsEssential = true,
    };
}
