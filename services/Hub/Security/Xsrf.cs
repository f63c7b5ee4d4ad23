using System.Security.Cryptography;
using System.Text;
using Lakehouse.ServiceDefaults.Security;

namespace Lakehouse.Hub.Security;

/// <summary>
/// CSRF tokens. With a session the token is derived from the (HttpOnly) session id, so only someone who holds the
/// session can know it and nothing needs storing; before login it is a random <c>_xsrf</c> cookie submitted back
/// (double submit). Forms carry it as <c>_xsrf</c>, API calls made with the cookie as <c>X-XSRFToken</c>.
/// </summary>
public static class Xsrf
{
    public const string FormField = "_xsrf";
    public const string Header = "X-XSRFToken";

    public static string ForSession(string sessionId) =>
        Secrets.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes("lakehouse-xsrf:" + sessionId)));

    /// <summary>The token this request must present, or null when it has none yet.</summary>
    public static string? Expected(HttpContext context) =>
        context.Request.Cookies[HubCookies.Session] is { Length: > 0 } session
            ? ForSession(session)
            : context.Request.Cookies[HubCookies.Xsrf] is { Length: > 0 } cookie ? cookie : null;

    /// <summary>The token to put in a page's forms; before login, a fresh random one is set as the <c>_xsrf</c> cookie.</summary>
    public static string ForPage(HttpContext context)
    {
        if (Expected(context) is { } token)
        {
            return token;
        }

        token = Secrets.NewValue();
        context.Response.Cookies.Append(HubCookies.Xsrf, token, HubCookies.XsrfOptions(context.Request));
        return token;
    }

    public static bool IsValid(HttpContext context, string? presented) =>
        Expected(context) is { } expected && Secrets.FixedTimeEquals(presented, expected);

    public static async Task<bool> IsValidFormAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return false;
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        return IsValid(context, form[FormField]);
    }
}
