namespace Lakehouse.Hub.Apis;

public static class HubApi
{
    public const string Prefix = "/hub/api";

    /// <summary>Maps the JupyterHub-compatible REST API: authenticated, with the CSRF check for cookie writes.</summary>
    public static IEndpointRouteBuilder MapHubApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization()
            .AddEndpointFilter<XsrfEndpointFilter>();
        api.MapRootApi();
        api.MapUsersApi();
        api.MapServersApi();
        api.MapTokensApi();
        api.MapGroupsApi();
        endpoints.MapInternalApi();
        endpoints.MapMetricsApi();
        return endpoints;
    }
}
