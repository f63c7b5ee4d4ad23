using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Lakehouse.Spawner.Apis;

/// <summary>
/// Writes a <c>text/event-stream</c> response by hand: events, and keepalive comments while nothing happens (which
/// <c>TypedResults.ServerSentEvents</c> cannot send). Every write is flushed at once.
/// </summary>
internal sealed class ServerSentEventWriter
{
    private readonly HttpResponse _response;
    private readonly TimeSpan _keepAliveInterval;
    private readonly TimeProvider _timeProvider;

    private ServerSentEventWriter(HttpResponse response, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        (_response, _keepAliveInterval, _timeProvider) = (response, keepAliveInterval, timeProvider);

    public static async Task<ServerSentEventWriter> StartAsync(
        HttpContext context, TimeSpan keepAliveInterval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tells buffering proxies (nginx) to pass each event on at once.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(cancellationToken);
        return new ServerSentEventWriter(response, keepAliveInterval, timeProvider);
    }

    public async Task WriteAsync<T>(string? eventType, T data, JsonTypeInfo<T> json, CancellationToken cancellationToken)
    {
        // Serialized JSON holds no raw newline, so it is one data line.
        var line = JsonSerializer.Serialize(data, json);
        var text = eventType is null ? $"data: {line}\n\n" : $"event: {eventType}\ndata: {line}\n\n";
        await _response.WriteAsync(text, cancellationToken);
        await _response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Waits for <paramref name="signal"/>, sending a keepalive comment every interval meanwhile.</summary>
    public async Task WaitAsync(Task signal, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await signal.WaitAsync(_keepAliveInterval, _timeProvider, cancellationToken);
                return;
            }
            catch (TimeoutException)
            {
                await _response.WriteAsync(": keepalive\n\n", cancellationToken);
                await _response.Body.FlushAsync(cancellationToken);
            }
        }
    }
}
