using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>An upstream that records every request it gets (stands in for a Spark UI, or a server we inspect).</summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private StandInServer _server = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri Url => _server.Url;

    public static async Task<RecordingBackend> StartAsync(string label)
    {
        var backend = new RecordingBackend();
        backend._server = await StandInServer.StartAsync(app => app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            backend.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers));
            await context.Response.WriteAsync($"{label} saw {context.Request.Path}{context.Request.QueryString}");
        }));
        return backend;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
