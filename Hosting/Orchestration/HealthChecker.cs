using System.Diagnostics;
using System.Net.Sockets;
using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>
/// Runs a resource's health checks once: Healthy when every check passes; no checks means Healthy. An HTTP check
/// whose body is <c>Degraded</c> (what ASP.NET Core health checks answer, with 200, for a degraded service) makes
/// the resource Degraded, as Aspire's dashboard shows it.
/// </summary>
internal sealed class HealthChecker(IOptions<OrchestratorOptions> options, TimeProvider timeProvider, LaunchedProcesses launched) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // Local https endpoints use development certificates; the check only asks whether the service answers.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private const string DegradedBody = "Degraded";

    public async Task<ResourceHealth> CheckAsync(IResource resource, CancellationToken cancellationToken)
    {
        var result = ResourceHealth.Healthy;
        foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            using var timeout = new CancellationTokenSource(options.Value.HealthCheckTimeout, timeProvider);
            using var checkCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            ResourceHealth health;
            try
            {
                health = await CheckAsync(resource, check, checkCancellation.Token);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or InvalidOperationException
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                health = ResourceHealth.Unhealthy;
            }

            if (health == ResourceHealth.Unhealthy)
            {
                return health;
            }

            if (health == ResourceHealth.Degraded)
            {
                result = health;
            }
        }

        return result;
    }

    private async Task<ResourceHealth> CheckAsync(IResource resource, HealthCheckAnnotation check, CancellationToken cancellationToken) => check switch
    {
        HttpHealthCheckAnnotation http => await CheckHttpAsync(Endpoint(resource, http.EndpointName), http, cancellationToken),
        TcpHealthCheckAnnotation tcp => HealthOf(await CheckTcpAsync(Endpoint(resource, tcp.EndpointName), cancellationToken)),
        CommandHealthCheckAnnotation command => HealthOf(await CheckCommandAsync(command, cancellationToken)),
        _ => ResourceHealth.Unhealthy,
    };

    private static ResourceHealth HealthOf(bool healthy) => healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy;

    private async Task<ResourceHealth> CheckHttpAsync(AllocatedEndpoint endpoint, HttpHealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(new Uri(endpoint.UriString), check.Path), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if ((int)response.StatusCode != check.StatusCode)
        {
            return ResourceHealth.Unhealthy;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Trim() == DegradedBody ? ResourceHealth.Degraded : ResourceHealth.Healthy;
    }

    private static async Task<bool> CheckTcpAsync(AllocatedEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        return true;
    }

    private async Task<bool> CheckCommandAsync(CommandHealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(check.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in check.Args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }

        launched.Add(process.Id);
        try
        {
            process.StandardInput.Close();
            // Drain the pipes so a chatty check cannot block on a full pipe.
            var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken));
            await process.WaitForExitAsync(cancellationToken);
            await drain.WaitAsync(cancellationToken);
            return process.ExitCode == 0;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            launched.Remove(process.Id);
        }
    }

    private static AllocatedEndpoint Endpoint(IResource resource, string name) =>
        resource.GetEndpoints().FirstOrDefault(e => e.Name == name)?.AllocatedEndpoint
        ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no allocated endpoint named '{name}'.");

    public void Dispose() => _http.Dispose();
}
