using System.Net;
using System.Text;

namespace Lakehouse.RouteController.Proxy.Upgrade;

/// <summary>
/// An upstream's HTTP/1.1 response head (status line and headers), read off the socket by <see cref="UpgradeForwarder"/>
/// and handed to the same response transforms as every other response, as an <see cref="HttpResponseMessage"/>.
/// </summary>
internal static class UpstreamResponseHead
{
    /// <summary>SocketsHttpHandler's default limit on response headers.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Where the head ends (after its blank line) in <paramref name="buffer"/>, or -1 when it has not all arrived.</summary>
    public static int EndOf(ReadOnlySpan<byte> buffer) => buffer.IndexOf("\r\n\r\n"u8) is >= 0 and var at ? at + 4 : -1;

    /// <summary>Parses the head; headers the typed collections refuse go in unvalidated, as SocketsHttpHandler keeps them.</summary>
    /// <returns>Null when it is not an HTTP/1.x response head.</returns>
    public static HttpResponseMessage? Parse(ReadOnlySpan<byte> head, HttpContent content)
    {
        // Latin-1 maps each byte to one char, so no byte is lost or rejected here.
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var status = lines[0];
        if (status.Length < 12 || !status.StartsWith("HTTP/1.", StringComparison.Ordinal) || status[8] != ' '
            || !int.TryParse(status.AsSpan(9, 3), System.Globalization.NumberStyles.None, null, out var code) || code < 100
            || (status.Length > 12 && status[12] != ' '))
        {
            return null;
        }

        var response = new HttpResponseMessage((HttpStatusCode)code)
        {
            Version = status[7] == '0' ? HttpVersion.Version10 : HttpVersion.Version11,
            ReasonPhrase = status.Length > 13 ? status[13..] : null,
            Content = content,
        };
        foreach (var line in lines.AsSpan(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            // No name, whitespace before the colon, or a folded line: refused, as HTTP/1.1 requires of a proxy.
            if (colon <= 0 || char.IsWhiteSpace(line[colon - 1]) || char.IsWhiteSpace(line[0]))
            {
                response.Dispose();
                return null;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
