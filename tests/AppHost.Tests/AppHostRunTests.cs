namespace Lakehouse.AppHost.Tests;

/// <summary>`dotnet run --project AppHost`, end to end: one AppHost for the whole class.</summary>
public class AppHostRunTests(AppHostProcess appHost) : IClassFixture<AppHostProcess>
{
    [Fact]
    public void Every_service_reaches_Running_and_Healthy_on_a_loopback_port()
    {
        foreach (var service in AppHostProcess.Services)
        {
            Assert.True(appHost.HasLine($"{service} is Running at http://127.0.0.1:"), $"{service} never said it was Running:\n{string.Join('\n', appHost.Output)}");
            Assert.True(appHost.HasLine($"{service} is Healthy"), $"{service} never said it was Healthy");
            Assert.True(File.Exists(Path.Combine(appHost.StateDirectory, "logs", $"{service}.log")), $"{service} has no log file");
        }

        // The homes' NFS export: ganesha serves what the fileserver wrote.
        Assert.True(appHost.HasLine("nfs is Healthy"), "nfs never said it was Healthy");
        Assert.Contains("Pseudo = \"/homes\"", File.ReadAllText(Path.Combine(appHost.StateDirectory, "resources", "nfs", "export.conf")));
    }

    [Fact]
    public async Task Ctrl_C_stops_the_AppHost_and_leaves_no_process_behind()
    {
        // A user's server with a running kernel: grandchildren in sessions of their own, under another UID.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var bob = await appHost.LogInAsync("bob", cancellationToken);
        using var operatorApi = await appHost.CreateOperatorClientAsync(cancellationToken);
        (await operatorApi.PostAsync("hub/api/users/bob/server", null, cancellationToken)).Dispose();
        await WaitForKernelAsync(bob, cancellationToken);
        var seen = appHost.Descendants.Keys.ToList();
        Assert.True(seen.Count >= AppHostProcess.Services.Length, $"only {seen.Count} descendants were seen");

        await appHost.StopWithCtrlCAsync();

        Assert.Contains(appHost.Descendants.Values, command => command.Contains("ipykernel", StringComparison.Ordinal));

        var survivors = appHost.Descendants.Where(d => AppHostProcess.IsAlive(d.Key)).Select(d => $"{d.Key.Pid} {d.Value}").ToList();
        Assert.True(survivors.Count == 0, $"still running after the AppHost stopped on {appHost.StopSignal}:\n{string.Join('\n', survivors)}");
        Assert.True(appHost.HasLine("Every resource is stopped"));
    }

    /// <summary>Starts a kernel through the proxy once the server answers, and waits until the tracker has seen it.</summary>
    private async Task WaitForKernelAsync(HttpClient user, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + AppHostProcess.Timeout;
        var started = false;
        while (DateTime.UtcNow < deadline)
        {
            if (!started)
            {
                using var kernel = await user.PostAsync("user/bob/api/kernels", new StringContent("{\"name\":\"python3\"}", System.Text.Encoding.UTF8, "application/json"), cancellationToken);
                started = kernel.StatusCode == System.Net.HttpStatusCode.Created;
            }
            else if (appHost.Descendants.Values.Any(command => command.Contains("ipykernel", StringComparison.Ordinal)))
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }

        Assert.Fail($"no kernel was seen below the AppHost within {AppHostProcess.Timeout} (kernel request accepted: {started})");
    }
}
