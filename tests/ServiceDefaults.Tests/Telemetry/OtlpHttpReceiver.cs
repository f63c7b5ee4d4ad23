using System.Collections.Concurrent;
using System.Text;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// A minimal OTLP/HTTP collector: accepts protobuf exports on /v1/traces, /v1/logs and /v1/metrics and keeps the raw
/// bodies. An empty protobuf body is a valid (empty) export response.
/// </summary>
internal sealed class OtlpHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpHttpReceiver(WebApplication app) => _app = app;

    public Uri Address => _app.Address();

    public static async Task<OtlpHttpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackApp.CreateBuilder("otlp-receiver").Build();
        var receiver = new OtlpHttpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>Raw bodies received for one signal ("traces", "logs", "metrics").</summary>
    public IReadOnlyList<byte[]> Exports(string signal) =>
        _exports.Where(e => e.Signal == signal).Select(e => e.Body).ToList();

    /// <summary>Whether some export of <paramref name="signal"/> contains every one of <paramref name="texts"/> (UTF-8).</summary>
    public bool HasExportContaining(string signal, params string[] texts) =>
        Exports(signal).Any(body => texts.All(text => Contains(body, text)));

    public static bool Contains(byte[] body, string text) =>
        body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
