using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Reflection;

using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>
/// The real spawner, run with <c>dotnet</c> on a loopback port and a test's state folder. Killing it leaves its
/// Jupyter servers running (they have sessions of their own); the state folder's dispose kills those.
/// </summary>
internal sealed class SpawnerProcess : IAsyncDisposable
{
    public const string HubToken = "hub-service-token-for-the-hub-tests";
    public const string RouteControllerToken = "route-controller-token-for-the-hub-tests";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    private SpawnerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output => string.Join('\n', _output);

    private static string AssemblyPath =>
        typeof(SpawnerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SpawnerAssemblyPath").Value
        ?? throw new InvalidOperationException("The spawner's assembly path was not recorded at build time.");

    /// <param name="port">A given port, to restart a spawner where its clients expect it; a free one otherwise.</param>
    public static async Task<SpawnerProcess> StartAsync(string stateDirectory, IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        port ??= Lakehouse.Testing.LoopbackService.FreePort();
        var startInfo = new ProcessStartInfo(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet", [AssemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        startInfo.Environment["Lakehouse__StateDirectory"] = stateDirectory;
        startInfo.Environment["Lakehouse__ServiceTokens__Hub"] = HubToken;
        startInfo.Environment["Lakehouse__ServiceTokens__RouteController"] = RouteControllerToken;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var spawner = new SpawnerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => spawner.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => spawner.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = spawner.Address, Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The spawner exited with {process.ExitCode}:\n{spawner.Output}");
                    }

                    try
                    {
                        using var response = await http.GetAsync("/health");
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(90),
                "the spawner to answer /health",
                TestContext.Current.CancellationToken);
        }
        catch
        {
            await spawner.DisposeAsync();
            throw;
        }

        return spawner;
    }

    /// <summary>Stops a server straight at the spawner (as the hub would) and waits until it is gone, so tests start clean.</summary>
    public async Task StopAndWaitAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubToken);
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.DeleteAsync($"/api/servers/{name}");
                return response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound;
            },
            TimeSpan.FromSeconds(90),
            $"{name}'s server to stop",
            TestContext.Current.CancellationToken);
    }

    /// <summary>The spawner's view of a user's server (its pid, Jupyter url and token), or null when it has none.</summary>
    public async Task<Lakehouse.Contracts.ServerStatus?> GetServerAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubToken);
        using var response = await http.GetAsync($"/api/servers/{name}", TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonSerializer.Deserialize<Lakehouse.Contracts.ServerStatus>(
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), Lakehouse.Contracts.ContractJson.Options);
    }

    /// <summary>Kills the spawner (once; a test may stop it early to restart it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
