using System.Diagnostics;
using System.Net.Sockets;
using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Runs a resource's health checks once: Healthy when every check passes; no checks means Healthy.</summary>
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

    public async Task<ResourceHealth> CheckAsync(IResource resource, CancellationToken cancellationToken)
    {
        foreach (var check in resource.Annotations.OfType<HealthCheckAnnotation>())
        {
            using var timeout = new CancellationTokenSource(options.Value.HealthCheckTimeout, timeProvider);
            using var checkCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            bool healthy;
            try
            {
                healthy = await CheckAsync(resource, check, checkCancellation.Token);
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or InvalidOperationException
                                          || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                healthy = false;
            }

            if (!healthy)
            {
                return ResourceHealth.Unhealthy;
            }
        }

        return ResourceHealth.Healthy;
    }

    private Task<bool> CheckAsync(IResource resource, HealthCheckAnnotation check, CancellationToken cancellationToken) => check switch
    {
        HttpHealthCheckAnnotation http => CheckHttpAsync(Endpoint(resource, http.EndpointName), http, cancellationToken),
        TcpHealthCheckAnnotation tcp => CheckTcpAsync(Endpoint(resource, tcp.EndpointName), cancellationToken),
        CommandHealthCheckAnnotation command => CheckCommandAsync(command, cancellationToken),
        _ => Task.FromResult(false),
    };

    private async Task<bool> CheckHttpAsync(AllocatedEndpoint endpoint, HttpHealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(new Uri(endpoint.UriString), check.Path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (int)response.StatusCode == check.StatusCode;
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
