using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Lakehouse.ServiceDefaults.Tests.Infrastructure;

/// <summary>Real Kestrel apps on 127.0.0.1 with an ephemeral port, configured in memory.</summary>
internal static class LoopbackApp
{
    public static WebApplicationBuilder CreateBuilder(string applicationName, IReadOnlyDictionary<string, string?>? configuration = null, string environmentName = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = applicationName,
            EnvironmentName = environmentName,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        return builder;
    }

    /// <summary>The address Kestrel actually bound, once the app has started.</summary>
    public static Uri Address(this WebApplication app) => new(app.Urls.Single());

    public static HttpClient CreateClient(this WebApplication app) =>
        new() { BaseAddress = app.Address(), Timeout = TimeSpan.FromSeconds(60) };
}
