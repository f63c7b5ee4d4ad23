using System.Globalization;
using System.Security.Cryptography;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>configurable-http-proxy, JupyterHub's proxy: 4.5 from Debian, or 5.3 from npm (bench/tools/chp5).</summary>
internal static class ConfigurableHttpProxy
{
    private const string DebianProgram = "/usr/bin/configurable-http-proxy";

    public static string Version45 => "4.5 (Debian)";

    public static string Version53 => "5.3 (npm)";

    public static string? ProgramFor(string version) => version == Version45
        ? (File.Exists(DebianProgram) ? DebianProgram : null)
        : FindNpmProgram();

    /// <summary>Starts CHP with <paramref name="target"/> as its default target, the way JupyterHub runs it.</summary>
    public static async Task<(PeerProcess Process, int Port)> StartAsync(string version, Uri target, Uri probe, CancellationToken cancellationToken)
    {
        var program = ProgramFor(version)
            ?? throw new InvalidOperationException($"configurable-http-proxy {version} is not installed: run ./lakehouse bench, which installs it.");
        var directory = Directory.CreateTempSubdirectory("lakehouse-bench-chp-").FullName;
        var port = Measurements.FreeLoopbackPort();
        var apiPort = Measurements.FreeLoopbackPort();
        var environment = new Dictionary<string, string>
        {
            ["CONFIGPROXY_AUTH_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            // Debian's CHP finds its modules only through NODE_PATH with this machine's Node.
            ["NODE_PATH"] = "/usr/share/nodejs",
        };
        var process = PeerProcess.Start(program,
        [
            "--ip", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--api-ip", "127.0.0.1", "--api-port", apiPort.ToString(CultureInfo.InvariantCulture),
            "--default-target", target.GetLeftPart(UriPartial.Authority),
            "--log-level", "error",
        ], directory, environment);
        await process.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}{probe.PathAndQuery}"), cancellationToken);
        return (process, port);
    }

    private static string? FindNpmProgram()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "bench", "tools", "chp5", "node_modules", ".bin", "configurable-http-proxy");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
