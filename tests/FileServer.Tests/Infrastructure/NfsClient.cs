using System.Diagnostics;

namespace Lakehouse.FileServer.Tests.Infrastructure;

/// <summary>libnfs-utils' userspace client (this machine's kernel cannot mount NFS): nfs-ls, nfs-cat, nfs-cp.</summary>
internal static class NfsClient
{
    /// <summary><c>nfs-ls</c>: one line per entry, <c>mode links uid gid size name</c>.</summary>
    public static async Task<(int ExitCode, string Output)> ListAsync(string url) => await RunAsync("/usr/bin/nfs-ls", url);

    public static async Task<(int ExitCode, string Output)> CatAsync(string url) => await RunAsync("/usr/bin/nfs-cat", url);

    public static async Task<(int ExitCode, string Output)> CopyAsync(string from, string to) => await RunAsync("/usr/bin/nfs-cp", from, to);

    private static async Task<(int, string)> RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
