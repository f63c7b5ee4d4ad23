using System.Net.Http.Headers;
using Lakehouse.Hosting;
using Lakehouse.Hosting.Dashboard;
using Lakehouse.Hosting.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Dashboard.Tests.Infrastructure;

/// <summary>A generic host running only the dashboard, on a free loopback port, over a <see cref="FakeResourceMonitor"/>.</summary>
public sealed class DashboardTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DashboardTestHost(IHost host, FakeResourceMonitor monitor)
    {
        _host = host;
        Monitor = monitor;
        Server = host.Services.GetRequiredService<DashboardServer>();
    }

    public FakeResourceMonitor Monitor { get; }

    public DashboardServer Server { get; }

    public Uri Address => Server.Address;

    public Uri LoginUrl => Server.LoginUrl;

    public string Token => LoginUrl.Query["?t=".Length..];

    /// <param name="token">The configured browser token; null lets the dashboard generate one.</param>
    public static async Task<DashboardTestHost> StartAsync(
        FakeResourceMonitor monitor, string? token = null, ILoggerProvider? logs = null, IDictionary<string, string?>? configuration = null)
    {
        var builder = CreateBuilder(monitor, token, logs, configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DashboardTestHost(host, monitor);
    }

    public static HostApplicationBuilder CreateBuilder(
        IResourceMonitor? monitor, string? token = null, ILoggerProvider? logs = null, IDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:Url"] = "http://127.0.0.1:0",
            ["Dashboard:BrowserToken"] = token,
        });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (monitor is not null)
        {
            builder.Services.AddSingleton(monitor);
        }

        builder.Services.AddLakehouseDashboard();
        return builder;
    }

    /// <summary>An HttpClient that follows no redirects and keeps no cookies, optionally with the bearer token.</summary>
    public HttpClient CreateClient(bool withBearerToken = false)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (withBearerToken)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }

    /// <summary>The session cookie header, obtained by following the login link like a browser would.</summary>
    public async Task<string> LoginCookieAsync()
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(LoginUrl, TestContext.Current.CancellationToken);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        return setCookie.Split(';')[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
