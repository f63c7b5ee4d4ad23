using System.Net;
using Lakehouse.RouteController.Options;

namespace Lakehouse.RouteController.Proxy;

/// <summary>
/// The public port beside the management endpoint: Kestrel listens on both (ASPNETCORE_URLS and
/// <c>Proxy:PublicPort</c>), and a request's local port says which one it came in on. Only the public one proxies;
/// the management one serves <c>/api/routes</c> and health.
/// </summary>
public static class PublicListener
{
    private const string DefaultManagementUrl = "http://localhost:5000";

    public static WebApplicationBuilder AddPublicListener(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.SectionName).Get<ProxyOptions>() ?? new ProxyOptions();
        var host = IPAddress.TryParse(proxy.BindAddress, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{address}]"
            : proxy.BindAddress;
        var tls = PublicTls.IsEnabled(proxy);
        builder.WebHost.UseUrls([.. ManagementUrls(builder.Configuration), $"{(tls ? "https" : "http")}://{host}:{proxy.PublicPort}"]);
        if (InlineSocketCompletions.IsEnabled)
        {
            // Kestrel's half of it: requests are handled on the thread whose socket read completed, without a hand-off.
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        if (tls)
        {
            // The management endpoint stays plain HTTP, so the certificate is only ever the public port's.
            var certificate = PublicTls.LoadCertificate(proxy);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        return builder;
    }

    /// <summary>Sends requests that came in on the public port to <see cref="PublicProxy"/>; the rest go on.</summary>
    public static WebApplication UsePublicProxy(this WebApplication app)
    {
        var port = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value.PublicPort;
        var proxy = app.Services.GetRequiredService<PublicProxy>();
        app.Use((context, next) => context.Connection.LocalPort == port ? proxy.HandleAsync(context) : next(context));
        return app;
    }

    /// <summary>What Kestrel would have listened on without the public port: urls, else HTTP(S)_PORTS, else its default.</summary>
    private static string[] ManagementUrls(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = new List<string>();
        foreach (var (key, scheme) in new[] { ("HTTP_PORTS", "http"), ("HTTPS_PORTS", "https") })
        {
            foreach (var value in (configuration[key] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ports.Add($"{scheme}://*:{value}");
            }
        }

        return ports.Count > 0 ? [.. ports] : [DefaultManagementUrl];
    }
}
