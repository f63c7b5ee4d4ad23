using System.Text.RegularExpressions;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;

namespace Lakehouse.ServiceDefaults.Tests.Memory;

/// <summary>A real service (the fileserver, run as a process) gives memory back when it goes quiet, once per quiet period.</summary>
public sealed partial class IdleMemoryTrimTests : IDisposable
{
    private const string Trimmed = "gave free memory back";

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lakehouse-idle-trim-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task A_quiet_service_gives_memory_back_once_and_again_after_it_has_been_busy()
    {
        await using var service = ServiceProcess.Start(ServiceProcess.FileServerAssemblyPath, new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["LAKEHOUSE_STATE_DIR"] = _state.FullName,
            ["Lakehouse__Memory__IdleCheckInterval"] = "00:00:01",
            ["Lakehouse__Memory__QuietAllocationBytes"] = "1048576",
            ["Logging__LogLevel__Lakehouse.ServiceDefaults.Memory"] = "Debug",
        });
        await service.WaitForLineAsync(line => line.Contains(Trimmed, StringComparison.Ordinal), "the first quiet second");
        var address = service.Lines.Select(line => ListeningAddress().Match(line)).First(m => m.Success).Groups[1].Value;

        // Quiet for several intervals more: no second collection.
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        Assert.Single(service.Lines, line => line.Contains(Trimmed, StringComparison.Ordinal));

        // Busy for a few intervals, then quiet again: one more.
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var busyUntil = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < busyUntil)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetStringAsync("/health", TestContext.Current.CancellationToken)));
        }

        await Poll.UntilAsync(() => service.Lines.Count(line => line.Contains(Trimmed, StringComparison.Ordinal)) == 2, "a second trim after the busy seconds");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningAddress();
}
