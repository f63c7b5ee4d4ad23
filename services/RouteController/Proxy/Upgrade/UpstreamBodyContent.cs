using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lakehouse.RouteController.Proxy.Upgrade;

/// <summary>
/// The body of an upstream's answer that refused an upgrade, read off its socket by the HTTP/1.1 framing it
/// declared: a length, chunks (decoded: Kestrel frames it again), or everything until the upstream closes.
/// </summary>
internal sealed class UpstreamBodyContent : HttpContent
{
    private const int MaxChunkLineLength = 4096;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _remaining;
    private Framing _framing = Framing.UntilClosed;

    /// <param name="buffer">Holds what was read past the head, in [<paramref name="start"/>, <paramref name="end"/>).</param>
    public UpstreamBodyContent(Socket socket, byte[] buffer, int start, int end) => (_socket, _buffer, _start, _end) = (socket, buffer, start, end);

    private enum Framing
    {
        Length,
        Chunked,
        UntilClosed,
    }

    /// <summary>Reads by the framing <paramref name="head"/> declares.</summary>
    public void FrameBy(HttpResponseMessage head)
    {
        if ((int)head.StatusCode is 204 or 304)
        {
            (_framing, _remaining) = (Framing.Length, 0);
        }
        else if (head.Headers.TransferEncodingChunked == true)
        {
            _framing = Framing.Chunked;
        }
        else if (Headers.ContentLength is { } length)
        {
            (_framing, _remaining) = (Framing.Length, length);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <summary>Writes the body straight from the receive buffer.</summary>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_framing == Framing.Chunked && _remaining == 0 && !await NextChunkAsync(cancellationToken))
            {
                return;
            }

            if (_framing == Framing.Length && _remaining == 0)
            {
                return;
            }

            if (_start == _end && !await FillAsync(cancellationToken))
            {
                if (_framing != Framing.UntilClosed)
                {
                    throw new IOException("The upstream closed the connection before the end of its response body.");
                }

                return;
            }

            var count = _end - _start;
            if (_framing != Framing.UntilClosed)
            {
                count = (int)Math.Min(count, _remaining);
                _remaining -= count;
            }

            await stream.WriteAsync(_buffer.AsMemory(_start, count), cancellationToken);
            _start += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    /// <summary>Reads the next chunk's size line (after the previous chunk's CRLF); false at the last chunk.</summary>
    private async ValueTask<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line.Length == 0)
        {
            // The CRLF that ends the previous chunk's data.
            line = await ReadLineAsync(cancellationToken);
        }

        var size = line.IndexOf(';') is >= 0 and var extension ? line[..extension] : line;
        if (!long.TryParse(size.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _remaining) || _remaining < 0)
        {
            throw new IOException("The upstream sent an invalid chunk size.");
        }

        if (_remaining > 0)
        {
            return true;
        }

        // Trailers are not passed on: read up to the blank line that ends them.
        while ((await ReadLineAsync(cancellationToken)).Length > 0)
        {
        }

        return false;
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, newline).TrimEnd('\r');
                _start += newline + 1;
                return line;
            }

            if (_end - _start >= MaxChunkLineLength || !await FillAsync(cancellationToken))
            {
                throw new IOException("The upstream's chunked body ended or is malformed.");
            }
        }
    }

    /// <summary>Reads more from the socket, keeping unread bytes; false when the upstream closed.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read > 0;
    }
}
