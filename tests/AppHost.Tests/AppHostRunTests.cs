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
    }

    [Fact]
    public async Task Ctrl_C_stops_the_AppHost_and_leaves_no_process_behind()
    {
        var seen = appHost.Descendants.Keys.ToList();
        Assert.True(seen.Count >= AppHostProcess.Services.Length, $"only {seen.Count} descendants were seen");

        await appHost.StopWithCtrlCAsync();

        var survivors = appHost.Descendants.Where(d => AppHostProcess.IsAlive(d.Key)).Select(d => $"{d.Key.Pid} {d.Value}").ToList();
        Assert.True(survivors.Count == 0, $"still running after the AppHost stopped on {appHost.StopSignal}:\n{string.Join('\n', survivors)}");
        Assert.True(appHost.HasLine("Every resource is stopped"));
    }
}
