using Lakehouse.Hub.Security;

namespace Lakehouse.Hub.Pages;

/// <summary>What every signed-in page handler checks first.</summary>
internal static class PageContext
{
    /// <summary>The signed-in user, or a redirect to the login page.</summary>
    public static bool TryCaller(HttpContext context, out HubCaller caller, out IResult? redirect)
    {
        caller = HubCaller.From(context)!;
        redirect = caller is null ? HtmlLayout.ToLogin(context) : null;
        return redirect is null;
    }

    /// <summary>For form posts: signed in, and the form's CSRF token matches.</summary>
    public static async Task<(HubCaller? Caller, IResult? Refusal)> PostAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var caller = HubCaller.From(context);
        if (caller is null)
        {
            return (null, HtmlLayout.ToLogin(context));
        }

        return await Xsrf.IsValidFormAsync(context, cancellationToken) ? (caller, null) : (null, HtmlLayout.BadForm(context, caller));
    }
}
