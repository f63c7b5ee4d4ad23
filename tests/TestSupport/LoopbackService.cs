using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Lakehouse.Testing;

/// <summary>What the tests need to run one of our services as a process on loopback: a port, and its health.</summary>
public static class LoopbackService
{
    /// <summary>A loopback port free right now, for a process that must be told its port up front.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// How to run the service whose built assembly the test assembly names in metadata <paramref name="assemblyMetadataKey"/>:
    /// in a session of its own (so that the whole group can be signalled), listening on <paramref name="address"/>,
    /// with its output redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(Assembly testAssembly, string assemblyMetadataKey, Uri address)
    {
        var assembly = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == assemblyMetadataKey).Value!;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var startInfo = new ProcessStartInfo("/usr/bin/setsid", [dotnet, assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.Environment["ASPNETCORE_URLS"] = address.ToString();
        return startInfo;
    }

    /// <summary>Whether the service behind <paramref name="client"/> answers <c>/health</c> with 200; false while it cannot be reached.</summary>
    public static async Task<bool> IsHealthyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("/health", cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
