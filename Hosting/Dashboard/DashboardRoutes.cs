using Microsoft.AspNetCore.Http;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>The dashboard's URL space, in one place.</summary>
internal static class DashboardRoutes
{
    public const string Login = "/login";
    public const string Assets = "/assets";
    public const string Api = "/api";
    public const string Resources = "/api/resources";

    /// <summary>The header that proves a state-changing request came from the dashboard's own script.</summary>
    public const string CsrfHeader = "X-Lakehouse-Dashboard";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Api);

    public static string LogsPage(string resourceName) => $"/resources/{Uri.EscapeDataString(resourceName)}/logs";
}
