using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Extensions;

/// <summary>
/// Bodies over <c>Hub:MaxRequestBodySize</c> get 413: at once when Content-Length says so, otherwise as soon as
/// the reader passes the limit (chunked bodies), whatever server runs the hub.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<HubOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLarge(limit).ExecuteAsync(context);
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    /// <summary>Reads through to the request body and throws a 413 once more than the limit has come.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
