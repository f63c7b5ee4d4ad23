using System.Globalization;
using System.Text.Json;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;

namespace Lakehouse.ServiceDefaults.Tests.Logging;

/// <summary>Runs the built FileServer service and reads what it writes to the console.</summary>
public sealed class ConsoleLogFormatTests : IDisposable
{
    private const string ListeningMessage = "Now listening on: http://127.0.0.1:";

    // The fileserver keeps its homes in the state folder, so each run gets a folder of its own.
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lakehouse-log-format-");

    public void Dispose() => _state.Delete(recursive: true);

    private Dictionary<string, string?> LoopbackService(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0", ["LAKEHOUSE_STATE_DIR"] = _state.FullName };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    [Fact]
    public async Task In_a_cluster_every_console_line_is_a_json_entry_with_a_utc_timestamp()
    {
        await using var service = ServiceProcess.Start(
            ServiceProcess.FileServerAssemblyPath, LoopbackService(("KUBERNETES_SERVICE_HOST", "10.0.0.1")));

        await service.WaitForLineAsync(line => line.Contains(ListeningMessage), "the listening address is logged");

        Assert.NotEmpty(service.Lines);
        foreach (var line in service.Lines)
        {
            using var entry = JsonDocument.Parse(line);
            var timestamp = entry.RootElement.GetProperty("Timestamp").GetString();
            Assert.NotNull(timestamp);
            Assert.EndsWith("Z", timestamp);
            var parsed = DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture);
            Assert.True((DateTimeOffset.UtcNow - parsed).Duration() < TimeSpan.FromHours(1), $"{timestamp} is not UTC now");
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Message").GetString()));
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("LogLevel").GetString()));
        }

        Assert.Contains(service.Lines, line =>
            JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString()!.StartsWith(ListeningMessage));
    }

    [Fact]
    public async Task Locally_each_entry_is_one_readable_text_line()
    {
        await using var service = ServiceProcess.Start(ServiceProcess.FileServerAssemblyPath, LoopbackService());

        await service.WaitForLineAsync(line => line.Contains(ListeningMessage), "the listening address is logged");

        AssertPlainSingleLine(service.Lines);
    }

    [Fact]
    public async Task An_explicit_formatter_setting_wins_over_the_cluster_default()
    {
        await using var service = ServiceProcess.Start(
            ServiceProcess.FileServerAssemblyPath,
            LoopbackService(("KUBERNETES_SERVICE_HOST", "10.0.0.1"), ("Logging__Console__FormatterName", "simple")));

        await service.WaitForLineAsync(line => line.Contains(ListeningMessage), "the listening address is logged");

        AssertPlainSingleLine(service.Lines);
    }

    private static void AssertPlainSingleLine(IReadOnlyList<string> lines)
    {
        Assert.All(lines, line => Assert.False(line.TrimStart().StartsWith('{'), $"JSON line: {line}"));
        // Level, category and message on the same line: the single-line simple format.
        Assert.Contains(lines, line => line.Contains("info: Microsoft.Hosting.Lifetime[14] " + ListeningMessage));
    }
}
