namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>The route controller as the AppHost runs it: its own process, configured through the environment.</summary>
internal sealed class RouteControllerProcess : IDisposable
{
    private readonly ChildProcess _process;

    private RouteControllerProcess(ChildProcess process, Uri management, Uri publicUrl) =>
        (_process, ManagementUrl, PublicUrl) = (process, management, publicUrl);

    public Uri ManagementUrl { get; }

    public Uri PublicUrl { get; }

    public string Output => _process.Output;

    /// <summary>Starts on fresh ports, again on others if one was taken meanwhile (the machine is shared).</summary>
    public static async Task<RouteControllerProcess> StartOnFreePortsAsync(IReadOnlyDictionary<string, string> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(settings, FreePort.Next(), FreePort.Next());
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    public static async Task<RouteControllerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, int managementPort, int publicPort)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{managementPort}",
            ["Proxy__PublicPort"] = publicPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft"] = "Information",
        };
        var dll = Path.Combine(AppContext.BaseDirectory, "Lakehouse.RouteController.dll");
        var process = ChildProcess.Start("dotnet", [dll], environment);
        var controller = new RouteControllerProcess(process, new Uri($"http://127.0.0.1:{managementPort}/"), new Uri($"http://127.0.0.1:{publicPort}/"));
        try
        {
            using var client = new HttpClient();
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("The route controller exited:\n" + process.Output);
                }

                try
                {
                    using var response = await client.GetAsync(new Uri(controller.ManagementUrl, "alive"), TestContext.Current.CancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        return false;
                    }

                    // Kestrel binds its addresses one after another, and the public port (with TLS: after loading the
                    // certificate) may come a moment after the management port already answers.
                    using var publicPort = new System.Net.Sockets.TcpClient();
                    await publicPort.ConnectAsync(System.Net.IPAddress.Loopback, controller.PublicUrl.Port, TestContext.Current.CancellationToken);
                    return true;
                }
                catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
                {
                    return false;
                }
            }, "the route controller to start", TimeSpan.FromSeconds(90));
            return controller;
        }
        catch
        {
            controller.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
