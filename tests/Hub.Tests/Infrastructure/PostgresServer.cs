using System.Diagnostics;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL (Debian's, version 15) in a temporary folder on a loopback port, run as the
/// <c>postgres</c> system user (the server refuses root). Stopped and removed on dispose.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";

    private readonly string _folder;
    private readonly Process _process;

    private PostgresServer(string folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=hub;Database=postgres;Pooling=false";
    }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("lakehouse-hub-pg-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var chown = await Tool.RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", data], cancellationToken);
        Assert.True(chown.ExitCode == 0, chown.Error);
        var initdb = await Tool.RunAsync("setpriv", [.. AsServiceUser, $"{Binaries}/initdb", "-D", data, "-U", "hub", "--auth=trust", "-E", "UTF8"], cancellationToken);
        Assert.True(initdb.ExitCode == 0, initdb.Output + initdb.Error);

        var port = Lakehouse.Testing.LoopbackService.FreePort();
        var startInfo = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. AsServiceUser, $"{Binaries}/postgres", "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={data}", "-c", "fsync=off"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresServer(folder, process, port);
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    var ready = await Tool.RunAsync($"{Binaries}/pg_isready", ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
                    return process.HasExited ? throw new InvalidOperationException("postgres exited") : ready.ExitCode == 0;
                },
                TimeSpan.FromSeconds(60),
                "PostgreSQL to accept connections",
                cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private static string[] AsServiceUser => [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--clear-groups"];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
