using System.Text.Json.Serialization;
using Lakehouse.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Builds the dashboard's own small Kestrel app, separate from the AppHost's generic host.</summary>
internal static class DashboardWebApplication
{
    public static WebApplication Create(
        DashboardListenAddress address, DashboardBrowserToken token, IResourceMonitor monitor, ILoggerFactory appHostLoggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        // The dashboard takes nothing from the ambient configuration (ASPNETCORE_URLS, a Kestrel section in the
        // AppHost's appsettings): its address and token come from DashboardOptions alone.
        builder.Configuration.Sources.Clear();

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024;
            if (address.IsLocalhost)
            {
                kestrel.ListenLocalhost(address.Port);
            }
            else
            {
                kestrel.Listen(address.Address!, address.Port);
            }
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(appHostLoggerFactory));
        // ASP.NET Core logs request URLs at Information, and the login URL carries the token: keep those out.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // DashboardServer says where the dashboard listens; a bare "Now listening on" would read as the AppHost's own.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        builder.Services.AddSingleton<IHostLifetime, DashboardHostLifetime>();
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(monitor);
        builder.Services.AddSingleton<DashboardAssets>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.UseMiddleware<DashboardSecurityHeaders>();
        app.UseDashboardStatusCodePages();
        app.UseMiddleware<DashboardAuthentication>();
        app.MapDashboardLogin();
        app.MapDashboardPages();
        app.MapResourcesApi();
        return app;
    }
}
