using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>
/// The hub's side of ISSUE3.md "Hub &lt;-&gt; route controller": <c>POST /hub/api/internal/authorize</c> (sessions and
/// API tokens of known users; owner or admin allowed), <c>POST /hub/api/internal/activity</c> (recorded), both behind
/// the route controller's bearer token; any other <c>/hub/…</c> answers with a page naming its path.
/// </summary>
internal sealed class HubStandIn : IAsyncDisposable
{
    private StandInServer _server = null!;
    private int _authorizeCalls;

    public Uri Url => _server.Url;

    /// <summary>Session cookie value or API token → user name.</summary>
    public ConcurrentDictionary<string, string> Credentials { get; } = new();

    public HashSet<string> Admins { get; } = [];

    /// <summary>Spark UI login hand-off code → the host it was issued for and the session it is traded for (once).</summary>
    public ConcurrentDictionary<string, (string Host, string Session)> HandoffCodes { get; } = new();

    public ConcurrentQueue<Dictionary<string, DateTimeOffset>> ActivityReports { get; } = new();

    public ConcurrentQueue<RecordedRequest> PageRequests { get; } = new();

    public int AuthorizeCalls => Volatile.Read(ref _authorizeCalls);

    public static async Task<HubStandIn> StartAsync(string serviceToken)
    {
        var hub = new HubStandIn();
        hub._server = await StandInServer.StartAsync(app =>
        {
            app.MapPost("/hub/api/internal/authorize", async context =>
            {
                if (context.Request.Headers.Authorization != $"Bearer {serviceToken}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                Interlocked.Increment(ref hub._authorizeCalls);
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var server = body.RootElement.GetProperty("server").GetString();
                var user = Lookup(hub, body.RootElement, "cookie") ?? Lookup(hub, body.RootElement, "token");
                var admin = user is not null && hub.Admins.Contains(user);
                await context.Response.WriteAsJsonAsync(new { allowed = user is not null && (user == server || admin), user, admin });
            });
            app.MapPost("/hub/api/internal/activity", async context =>
            {
                if (context.Request.Headers.Authorization != $"Bearer {serviceToken}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                var report = await JsonSerializer.DeserializeAsync<Dictionary<string, DateTimeOffset>>(context.Request.Body);
                hub.ActivityReports.Enqueue(report!);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            app.MapPost("/hub/api/internal/sparkui-session", async context =>
            {
                if (context.Request.Headers.Authorization != $"Bearer {serviceToken}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var code = body.RootElement.GetProperty("code").GetString()!;
                var host = body.RootElement.GetProperty("host").GetString();
                if (!hub.HandoffCodes.TryRemove(code, out var issued) || issued.Host != host)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                await context.Response.WriteAsJsonAsync(new { session = issued.Session, expires = DateTimeOffset.UtcNow.AddHours(1) });
            });
            app.Map("/hub/{**rest}", async context =>
            {
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                hub.PageRequests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers));
                await context.Response.WriteAsync($"hub page {context.Request.Path}");
            });
        });
        return hub;
    }

    private static string? Lookup(HubStandIn hub, JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && hub.Credentials.TryGetValue(value.GetString()!, out var user) ? user : null;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
