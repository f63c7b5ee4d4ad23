using System.Globalization;
using System.Security.Cryptography;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>A bare Debian jupyter server for user alice, the backend every proxy forwards notebook traffic to.</summary>
internal static class JupyterServer
{
    /// <summary>The server itself, as both systems' spawners start it (the <c>jupyter</c> launcher would add a Python
    /// start of its own to the bare boot that the spawn overhead is measured against).</summary>
    public const string Program = "/usr/bin/jupyter-server";

    /// <summary>The request measured through every proxy: small, authenticated, answered by Jupyter itself.</summary>
    public const string StatusPath = "/user/alice/api/status";

    public static string? MissingPrerequisite() =>
        File.Exists(Program) ? null : "Jupyter is not installed: apt-get install -y jupyter-server python3-jupyter-server";

    /// <summary>Starts a server in <paramref name="home"/> (a fresh folder, deleted with the server, when null), asking whether it answers every <paramref name="pollInterval"/>.</summary>
    public static async Task<(PeerProcess Process, int Port, string Token)> StartAsync(CancellationToken cancellationToken, string? home = null, TimeSpan? pollInterval = null)
    {
        var directory = home ?? Directory.CreateTempSubdirectory("lakehouse-bench-jupyter-").FullName;
        var port = Measurements.FreeLoopbackPort();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var process = PeerProcess.Start(Program,
        [
            "--no-browser", "--allow-root", "--ip=127.0.0.1",
            $"--port={port.ToString(CultureInfo.InvariantCulture)}", "--ServerApp.port_retries=0",
            "--ServerApp.base_url=/user/alice/", $"--ServerApp.root_dir={directory}", "--log-level=ERROR",
        ], directory, new Dictionary<string, string> { ["JUPYTER_TOKEN"] = token, ["HOME"] = directory }, keepDirectory: home is not null);
        // /api answers without a token: it says only the version.
        await process.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}/user/alice/api"), cancellationToken, interval: pollInterval);
        return (process, port, token);
    }
}
