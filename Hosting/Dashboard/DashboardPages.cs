using Lakehouse.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The resources page, the console-log page and their static assets.</summary>
internal static class DashboardPages
{
    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (DashboardAssets assets) => Serve(assets.Get("index.html")));
        endpoints.MapGet("/resources/{name}/logs", Logs);
        endpoints.MapGet(DashboardRoutes.Assets + "/{file}", (string file, DashboardAssets assets) =>
            assets.TryGet(file, out var asset)
                ? Serve(asset)
                : DashboardMessagePage.Error(StatusCodes.Status404NotFound, "Not found", "There is no such dashboard file."));
        return endpoints;
    }

    private static IResult Logs(string name, IResourceMonitor monitor, DashboardAssets assets) =>
        ResourceLookup.TryFind(monitor, name, out _, out var failure, out var message)
            ? Serve(assets.Get("logs.html"))
            : failure == ResourceLookup.Failure.InvalidName
                ? DashboardMessagePage.Error(StatusCodes.Status400BadRequest, "Invalid resource name", message)
                : DashboardMessagePage.Error(StatusCodes.Status404NotFound, "Unknown resource", message);

    private static IResult Serve(DashboardAsset asset) => Results.Bytes(asset.Content, asset.ContentType);
}
