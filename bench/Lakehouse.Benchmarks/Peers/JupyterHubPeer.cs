using System.Globalization;
using System.Security.Cryptography;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>
/// Debian's JupyterHub 3.0 with its configurable-http-proxy 4.5, in a private folder on loopback ports: dummy
/// authenticator, SimpleLocalProcessSpawner (servers run as the hub's user, homes in the folder), and a service token
/// with the scopes the benchmarks use.
/// </summary>
internal sealed class JupyterHubPeer : IAsyncDisposable
{
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private PeerProcess? _process;
    private HttpClient? _api;

    public int ProxyPort { get; } = Measurements.FreeLoopbackPort();

    public int ProcessId => _process?.ProcessId ?? throw new InvalidOperationException("JupyterHub is not running.");

    public Uri BaseUrl => new($"http://127.0.0.1:{ProxyPort}/");

    public Uri HealthUrl => new(BaseUrl, "hub/health");

    /// <summary>The API, authenticated with the benchmark's service token; requests go through CHP as a user's would.</summary>
    public HttpClient Api => _api ?? throw new InvalidOperationException("JupyterHub is not running.");

    public string Authorization => $"token {_token}";

    public static string? MissingPrerequisite() =>
        File.Exists("/usr/bin/jupyterhub") && File.Exists("/usr/bin/configurable-http-proxy")
            ? null
            : "JupyterHub is not installed: apt-get install -y jupyterhub node-configurable-http-proxy";

    public void Start()
    {
        var directory = Directory.CreateTempSubdirectory("lakehouse-bench-jupyterhub-").FullName;
        var config = Path.Combine(directory, "jupyterhub_config.py");
        File.WriteAllLines(config,
        [
            "c.JupyterHub.ip = '127.0.0.1'",
            $"c.JupyterHub.port = {ProxyPort.ToString(CultureInfo.InvariantCulture)}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            $"c.JupyterHub.hub_port = {Measurements.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}",
            $"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{Measurements.FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}'",
            "c.JupyterHub.authenticator_class = 'dummy'",
            "c.JupyterHub.spawner_class = 'simple'",
            $"c.SimpleLocalProcessSpawner.home_dir_template = '{Path.Combine(directory, "homes")}/{{username}}'",
            "c.Spawner.args = ['--allow-root']",
            // As the Helm chart does: enough for the concurrent-spawn benchmark.
            "c.JupyterHub.concurrent_spawn_limit = 64",
            $"c.JupyterHub.db_url = 'sqlite:///{Path.Combine(directory, "jupyterhub.sqlite")}'",
            $"c.JupyterHub.cookie_secret_file = '{Path.Combine(directory, "cookie_secret")}'",
            "c.JupyterHub.load_roles = [{'name': 'bench', 'scopes': ['admin:users', 'admin:servers', 'access:servers', 'read:users'], 'services': ['bench']}]",
            $"c.JupyterHub.services = [{{'name': 'bench', 'api_token': '{_token}'}}]",
        ]);
        // Debian's CHP finds its modules only through NODE_PATH with this machine's Node.
        _process = PeerProcess.Start("/usr/bin/jupyterhub", ["-f", config], directory, new Dictionary<string, string> { ["NODE_PATH"] = "/usr/share/nodejs" });
        // No redirects: before a user's route exists the hub answers it with a redirect, which must not count as ready.
        _api = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(5) };
        _api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Authorization);
    }

    public Task WaitUntilHealthyAsync(CancellationToken cancellationToken) =>
        _process!.WaitUntilAnswersAsync(HealthUrl, cancellationToken);

    public Task CreateUsersAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        HubApiBenchmark.CreateUsersAsync(Api, names, cancellationToken);

    /// <summary>Asks for the user's server; the benchmark then waits for the first proxied 200.</summary>
    public async Task RequestServerAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await Api.PostAsync($"hub/api/users/{name}/server", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Stops the user's server and waits until the hub has it stopped.</summary>
    public Task StopServerAsync(string name, CancellationToken cancellationToken) =>
        ServerStop.RequestAndWaitAsync(Api, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
