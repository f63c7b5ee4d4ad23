namespace Lakehouse.Hub.Extensions;

public static class HubHealthExtensions
{
    /// <summary><c>/hub/health</c>, as JupyterHub: the same checks as <c>/health</c>, reachable through the proxy's <c>/hub/</c> route.</summary>
    public static WebApplication MapHubHealth(this WebApplication app)
    {
        app.MapHealthChecks("/hub/health");
        return app;
    }
}
