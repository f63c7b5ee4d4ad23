using System.Globalization;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.LogShipper.Tests.Infrastructure;

/// <summary>The real log shipper, <c>dotnet Lakehouse.LogShipper.dll</c>, configured through its environment as the
/// AppHost or the DaemonSet does. <see cref="Kill"/> is a SIGKILL: nothing is flushed, nothing is said goodbye.</summary>
internal sealed class ShipperProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly ChildProcess _process;

    private ShipperProcess(ChildProcess process, Uri url) => (_process, Url) = (process, url);

    public Uri Url { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Lakehouse.LogShipper.dll");

    /// <summary>Settings that make a test quick: short polls and backoff.</summary>
    public static Dictionary<string, string> FastSettings(string stateDirectory, string connectionString, string exchange) => new()
    {
        ["LAKEHOUSE_STATE_DIR"] = stateDirectory,
        ["ConnectionStrings__rabbitmq"] = connectionString,
        ["LogShipper__Exchange"] = exchange,
        ["LogShipper__PollInterval"] = "00:00:00.050",
        ["LogShipper__ScanInterval"] = "00:00:00.300",
        ["LogShipper__MultilineTimeout"] = "00:00:00.500",
        ["LogShipper__ReconnectDelay"] = "00:00:00.200",
        ["LogShipper__ReconnectMaxDelay"] = "00:00:02",
        ["LogShipper__ConfirmTimeout"] = "00:00:10",
    };

    public static async Task<ShipperProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["DOTNET_ENVIRONMENT"] = "Development",
        };
        var shipper = new ShipperProcess(ChildProcess.Start("dotnet", [Dll], environment), new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        try
        {
            await Poll.UntilAsync(async () =>
            {
                if (shipper.HasExited)
                {
                    throw new InvalidOperationException("The log shipper exited:\n" + shipper.Output);
                }

                try
                {
                    using var response = await Http.GetAsync(new Uri(shipper.Url, "alive"), TestContext.Current.CancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the log shipper to start", TimeSpan.FromSeconds(90));
            return shipper;
        }
        catch
        {
            shipper.Dispose();
            throw;
        }
    }

    /// <summary><c>Healthy</c> or <c>Degraded</c>, as <c>/health</c> answers.</summary>
    public async Task<string> HealthAsync() => (await Http.GetStringAsync(new Uri(Url, "health"), TestContext.Current.CancellationToken)).Trim();

    public async Task WaitForHealthAsync(string expected) =>
        await Poll.UntilAsync(async () => await HealthAsync() == expected, $"/health to say {expected}", TimeSpan.FromSeconds(90));

    /// <summary>The samples of <c>/metrics</c> by series (name with labels).</summary>
    public async Task<IReadOnlyDictionary<string, double>> MetricsAsync()
    {
        var text = await Http.GetStringAsync(new Uri(Url, "metrics"), TestContext.Current.CancellationToken);
        return text.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Resident memory now, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>kill -9.</summary>
    public void Kill() => _process.Dispose();

    public void Dispose() => _process.Dispose();
}
