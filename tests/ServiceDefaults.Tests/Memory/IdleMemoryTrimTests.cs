using System.Text.RegularExpressions;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;

namespace Lakehouse.ServiceDefaults.Tests.Memory;

/// <summary>A real service (the fileserver, run as a process) gives memory back after quiet intervals, not while busy.</summary>
public sealed partial class IdleMemoryTrimTests : IDisposable
{
    private const string Trimmed = "gave free memory back";

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lakehouse-idle-trim-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task A_quiet_service_gives_memory_back_after_each_quiet_interval_and_not_while_it_is_busy()
    {
        await using var service = ServiceProcess.Start(ServiceProcess.FileServerAssemblyPath, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["LAKEHOUSE_STATE_DIR"] = _state.FullName,
            ["Lakehouse__Memory__IdleCheckInterval"] = "00:00:01",
            ["Lakehouse__Memory__QuietAllocationBytes"] = "262144",
            ["Logging__LogLevel__Lakehouse.ServiceDefaults.Memory"] = "Debug",
        });
        await Poll.UntilAsync(() => Trims(service) >= 2, "two quiet seconds, each ending in a trim");
        var address = service.Lines.Select(line => ListeningAddress().Match(line)).First(m => m.Success).Groups[1].Value;

        // Busy for several intervals: after the one it started in, none ends in a trim.
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var busyFrom = DateTime.UtcNow;
        var trimsOnceBusy = -1;
        while (DateTime.UtcNow < busyFrom + TimeSpan.FromSeconds(5))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetStringAsync("/health", TestContext.Current.CancellationToken)));
            if (trimsOnceBusy < 0 && DateTime.UtcNow > busyFrom + TimeSpan.FromSeconds(1.5))
            {
                trimsOnceBusy = Trims(service);
            }
        }

        Assert.Equal(trimsOnceBusy, Trims(service));

        // Quiet again: trims again.
        await Poll.UntilAsync(() => Trims(service) > trimsOnceBusy, "a trim once the service is quiet again");
    }

    private static int Trims(ServiceProcess service) => service.Lines.Count(line => line.Contains(Trimmed, StringComparison.Ordinal));

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningAddress();
}
