using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>Puts <see cref="ServerSpanEnrichmentMiddleware"/> first in the pipeline, so every request is tagged.</summary>
public sealed class ServerSpanEnrichmentStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ServerSpanEnrichmentMiddleware>();
        next(app);
    };
}
