using Lakehouse.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Dashboard;

/// <summary>Runs the dashboard web app for as long as the AppHost runs, and says where it is.</summary>
public sealed partial class DashboardServer(
    IOptions<DashboardOptions> options,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<DashboardServer>();
    private WebApplication? _app;
    private DashboardBrowserToken? _token;
    private Uri? _address;

    /// <summary>The address actually bound (with the real port when the configured one is 0).</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The dashboard has not started yet.");

    /// <summary>The login link. It carries the browser token: print it, never log it.</summary>
    public Uri LoginUrl => new(Address, $"{DashboardRoutes.Login}?t={_token!.Value}");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var monitor = services.GetService<IResourceMonitor>()
            ?? throw new InvalidOperationException(
                "The dashboard needs an IResourceMonitor service; register the orchestrator (AddLakehouseOrchestration) first.");
        if (!DashboardListenAddress.TryParse(options.Value.Url, out var listenAddress, out var error))
        {
            throw new OptionsValidationException(DashboardOptions.SectionName, typeof(DashboardOptions), [error]);
        }

        _token = DashboardBrowserToken.FromOptions(options.Value);
        _app = DashboardWebApplication.Create(listenAddress, _token, monitor, loggerFactory);
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The dashboard cannot listen on {options.Value.Url}: {ex.Message} Set {DashboardOptions.SectionName}:Url to another address (port 0 picks a free one).", ex);
        }

        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(bound);
        if (!listenAddress.IsLoopback)
        {
            LogNotLoopback(_address);
        }

        LogListening(_address);
        Console.Out.WriteLine(DashboardBanner.LoginLine(LoginUrl));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard listening on {DashboardAddress}")]
    private partial void LogListening(Uri dashboardAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard listens on {DashboardAddress}, which is not a loopback address: anyone on the network who has the token can control the resources")]
    private partial void LogNotLoopback(Uri dashboardAddress);
}
