using System.Diagnostics;
using System.Globalization;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>Debian's JupyterHub 3.0 with its configurable-http-proxy 4.5, in a private folder on loopback ports.</summary>
internal sealed class JupyterHubPeer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lakehouse-bench-jupyterhub-").FullName;
    private Process? _process;

    public int ProxyPort { get; } = Measurements.FreeLoopbackPort();

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("JupyterHub is not running.");

    public Uri HealthUrl => new($"http://127.0.0.1:{ProxyPort}/hub/health");

    public static string? MissingPrerequisite() =>
        File.Exists("/usr/bin/jupyterhub") && File.Exists("/usr/bin/configurable-http-proxy")
            ? null
            : "JupyterHub is not installed: apt-get install -y jupyterhub node-configurable-http-proxy";

    public void Start()
    {
        var config = Path.Combine(_directory, "jupyterhub_config.py");
        File.WriteAllLines(config,
        [
            "c.JupyterHub.ip = '127.0.0.1'",
            $"c.JupyterHub.port = {ProxyPort.ToString(CultureInfo.InvariantCulture)}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            $"c.JupyterHub.hub_port = {Measurements.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}",
            $"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{Measurements.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}'",
            "c.JupyterHub.authenticator_class = 'dummy'",
            $"c.JupyterHub.db_url = 'sqlite:///{Path.Combine(_directory, "jupyterhub.sqlite")}'",
            $"c.JupyterHub.cookie_secret_file = '{Path.Combine(_directory, "cookie_secret")}'",
        ]);
        var start = new ProcessStartInfo("/usr/bin/jupyterhub", ["-f", config])
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Debian's CHP finds its modules only through NODE_PATH with this machine's Node.
        start.Environment["NODE_PATH"] = "/usr/share/nodejs";
        _process = Process.Start(start) ?? throw new InvalidOperationException("JupyterHub did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            ProcessTree.Signal(_process.Id, ProcessTree.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
