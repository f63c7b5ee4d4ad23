namespace Lakehouse.Hub.Pages;

public static class HubPages
{
    public static IEndpointRouteBuilder MapHubPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (HttpContext c) => Results.Redirect(Security.HubCaller.From(c.User) is null ? "/hub/login" : "/hub/home"));
        // Matches "/hub" and "/hub/" alike.
        endpoints.MapGet("/hub", (HttpContext c) => Results.Redirect(Security.HubCaller.From(c.User) is null ? "/hub/login" : "/hub/home"));
        endpoints.MapLoginPage();
        endpoints.MapHomePage();
        endpoints.MapSpawnPendingPage();
        endpoints.MapAdminPage();
        endpoints.MapTokenPage();
        endpoints.MapHomeFilesPage();
        return endpoints;
    }
}
