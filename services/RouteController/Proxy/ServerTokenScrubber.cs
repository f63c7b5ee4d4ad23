using System.Text;
using Microsoft.Net.Http.Headers;

namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// Jupyter Server writes its own token into the pages it renders for a logged-in user (a dashboard link with
/// <c>?token=</c>, <c>data-jupyter-api-token</c>). The proxy adds that token to every request, so the pages do not
/// need it, and users must never see it: it is removed from redirects and from rendered pages. Rendered pages are
/// small and carry a length; other content (files, streams, large pages) passes untouched.
/// </summary>
public static class ServerTokenScrubber
{
    private const long MaxScrubbedLength = 1024 * 1024;

    /// <returns>Whether the body was written here (the caller must not copy it).</returns>
    public static async Task<bool> ScrubAsync(HttpResponse response, HttpResponseMessage upstream, string token, CancellationToken cancellationToken)
    {
        if (response.Headers.Location.ToString() is { Length: > 0 } location && location.Contains(token, StringComparison.Ordinal))
        {
            response.Headers.Location = Scrub(location, token, Uri.EscapeDataString(token));
        }

        var content = upstream.Content.Headers;
        if (HttpMethods.IsHead(response.HttpContext.Request.Method) || content.ContentType?.MediaType != "text/html" || content.ContentEncoding.Count > 0
            || content.ContentLength is not (> 0 and <= MaxScrubbedLength))
        {
            return false;
        }

        var encoded = Uri.EscapeDataString(token);
        var body = await upstream.Content.ReadAsByteArrayAsync(cancellationToken);
        // Latin-1 maps every byte to one char and back, so bytes other than the token's are kept exactly.
        var text = Encoding.Latin1.GetString(body);
        if (text.Contains(token, StringComparison.Ordinal) || text.Contains(encoded, StringComparison.Ordinal))
        {
            body = Encoding.Latin1.GetBytes(Scrub(text, token, encoded));
        }

        response.Headers.Remove(HeaderNames.ContentLength);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
        return true;
    }

    private static string Scrub(string text, string token, string encoded) =>
        text.Replace("?token=" + encoded, "?", StringComparison.Ordinal)
            .Replace(token, string.Empty, StringComparison.Ordinal)
            .Replace(encoded, string.Empty, StringComparison.Ordinal);
}
