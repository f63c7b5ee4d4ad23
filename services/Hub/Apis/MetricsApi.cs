using Lakehouse.ServiceDefaults.Telemetry;
using Lakehouse.Hub.Security;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Users;

namespace Lakehouse.Hub.Apis;

/// <summary><c>/hub/metrics</c> in the Prometheus text format; needs read:metrics (admins and the operator token).</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/metrics", async (HttpContext context, UserService users, ServerRegistry registry, HubMetrics metrics, CancellationToken cancellationToken) =>
        {
            if (HubCaller.From(context) is not { } caller || !caller.Has(Scopes.ReadMetrics))
            {
                return ApiResults.Forbidden(ApiResults.MissingScope(Scopes.ReadMetrics, null));
            }

            var all = registry.All;
            var text = metrics.Render(
                await users.CountAsync(cancellationToken),
                all.Count(s => s.State == Contracts.ServerState.Running),
                all.Count(s => s.State == Contracts.ServerState.Pending));
            return Results.Text(text, PrometheusText.ContentType);
        }).RequireAuthorization();
        return endpoints;
    }
}
