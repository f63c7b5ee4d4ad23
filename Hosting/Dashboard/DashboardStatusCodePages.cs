using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Gives the bodiless errors that routing produces (no such endpoint, wrong method, including paths that
/// turned into something else once dot segments were resolved) a clear message: JSON for the API, a page otherwise.</summary>
internal static class DashboardStatusCodePages
{
    public static IApplicationBuilder UseDashboardStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => Describe(context.HttpContext).ExecuteAsync(context.HttpContext));

    private static IResult Describe(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var isApi = DashboardRoutes.IsApi(context.Request.Path);
        var title = ReasonPhrases.GetReasonPhrase(status);
        var detail = status switch
        {
            StatusCodes.Status404NotFound => isApi ? "There is no such dashboard API endpoint." : "There is no such dashboard page.",
            StatusCodes.Status405MethodNotAllowed => $"This address does not take {context.Request.Method}; commands are POST only.",
            _ => title,
        };
        return isApi
            ? Results.Problem(title: title, detail: detail, statusCode: status)
            : DashboardMessagePage.Error(status, title, detail);
    }
}
