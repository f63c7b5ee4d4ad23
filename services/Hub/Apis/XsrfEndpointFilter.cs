using Lakehouse.Hub.Security;

namespace Lakehouse.Hub.Apis;

/// <summary>
/// A write authenticated by the session cookie must carry <c>X-XSRFToken</c> (as JupyterHub's API): a browser sends
/// the cookie to any site's form post, but only pages of this site can read the token.
/// </summary>
internal sealed class XsrfEndpointFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
        if (!safe && HubCaller.From(http) is { ViaCookie: true } && !Xsrf.IsValid(http, http.Request.Headers[Xsrf.Header]))
        {
            return ValueTask.FromResult<object?>(ApiResults.Forbidden(
                $"A write with the session cookie needs the {Xsrf.Header} header (the value of the {HubCookies.Xsrf} cookie)."));
        }

        return next(context);
    }
}
