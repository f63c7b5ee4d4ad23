using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lakehouse.Hosting.Nfs;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.FileServer.Tests.Infrastructure;

/// <summary>
/// Debian's ganesha.nfsd configured exactly as the AppHost's NFS resource configures it (<see cref="GaneshaLayout"/>),
/// serving the export file the fileserver wrote, on a free loopback port; killed on dispose.
/// </summary>
internal sealed class GaneshaServer : IDisposable
{
    /// <summary>The pseudo path of the fileserver's export.</summary>
    private const string Pseudo = "/homes";

    private readonly Process _process;

    private GaneshaServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<GaneshaServer> StartAsync(string dataDirectory, string exportFile)
    {
        var layout = new GaneshaLayout(dataDirectory);
        Directory.CreateDirectory(layout.RecoveryRoot);
        var port = Lakehouse.Testing.LoopbackService.FreePort();
        await File.WriteAllTextAsync(layout.ConfigFile, layout.RenderConfig(port, exportFile), TestContext.Current.CancellationToken);
        var log = Path.Combine(dataDirectory, "ganesha.log");
        var process = Process.Start(new ProcessStartInfo(
            GaneshaLayout.Program, ["-F", "-f", layout.ConfigFile, "-L", log, "-p", layout.PidFile, "-N", "NIV_EVENT"])
        {
            UseShellExecute = false,
        })!;
        var server = new GaneshaServer(process, port);
        try
        {
            await Poll.UntilAsync(() => process.HasExited || Accepts(port), "ganesha to listen");
            Assert.False(process.HasExited, $"ganesha exited: {await File.ReadAllTextAsync(log)}");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A libnfs URL for a path below the export, as the given user (AUTH_SYS uid and gid).</summary>
    public string Url(string path, int uid, int gid) =>
        $"nfs://127.0.0.1{Pseudo}/{path}?version=4&nfsport={Port}&uid={uid}&gid={gid}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
