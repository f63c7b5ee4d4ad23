using Lakehouse.Contracts;
using Lakehouse.FileServer.Authentication;
using Lakehouse.FileServer.Homes;

namespace Lakehouse.FileServer.Apis;

/// <summary>Homes: ensure, read, usage (hub and spawner); list and set quotas (hub).</summary>
public static class HomesApi
{
    public static IEndpointRouteBuilder MapHomesApi(this IEndpointRouteBuilder app)
    {
        var homes = app.MapGroup("/api/homes").AddEndpointFilter<HomeRequestErrors>();

        homes.MapPut("/{name}", EnsureAsync).RequireAuthorization(FileServerCallers.HomesPolicy);
        homes.MapGet("/{name}", (string name, HomeStore store) => Found(store.Get(name))).RequireAuthorization(FileServerCallers.HomesPolicy);
        homes.MapGet("/{name}/usage", (string name, HomeStore store) => Found(store.Get(name, measure: true)))
            .RequireAuthorization(FileServerCallers.HomesPolicy);
        homes.MapGet("/", (HomeStore store) => TypedResults.Ok(store.List())).RequireAuthorization(FileServerCallers.ManagePolicy);
        homes.MapPut("/{name}/quota", SetQuotaAsync).RequireAuthorization(FileServerCallers.ManagePolicy);
        return app;
    }

    private static async Task<IResult> EnsureAsync(string name, EnsureHomeRequest? request, HomeStore store, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw HomeRequestException.BadRequest("Send the owner: { \"uid\": …, \"gid\": … }.");
        }

        var (home, created) = await store.EnsureAsync(name, request, cancellationToken);
        return created ? TypedResults.Created($"/api/homes/{home.Name}", home) : TypedResults.Ok(home);
    }

    private static async Task<IResult> SetQuotaAsync(string name, SetQuotaRequest? request, HomeStore store, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw HomeRequestException.BadRequest("Send the quota: { \"quotaBytes\": … }.");
        }

        return Found(await store.SetQuotaAsync(name, request.QuotaBytes, cancellationToken));
    }

    private static IResult Found(HomeVolume? home) =>
        home is null ? TypedResults.Problem("No such home.", statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok(home);
}
