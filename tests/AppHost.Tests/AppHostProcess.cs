using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Lakehouse.AppHost.Tests;

/// <summary>
/// The real AppHost binary, run out of process on a temporary state folder. While it runs, every process below it
/// is recorded (pid and start time), so that after it stops the test can check none of them is still alive.
/// </summary>
public class AppHostProcess : IAsyncLifetime
{
    public static readonly string[] Services = ["fileserver", "spawner", "hub", "route-controller", "log-shipper"];
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly IReadOnlyList<string> _arguments;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<(int Pid, ulong StartTime), string> _descendants = new();
    private readonly CancellationTokenSource _tracking = new();
    private Process? _process;
    private Task? _tracker;
    private Task? _stop;
    private readonly IReadOnlyList<string> _awaitedResources;

    public AppHostProcess()
        : this([])
    {
    }

    /// <param name="arguments">More AppHost arguments, e.g. <c>--identity oidc</c> or <c>--kube-context NAME</c>.</param>
    /// <param name="awaitedResources">The resources that must be Healthy before the tests run; by default the services.</param>
    protected internal AppHostProcess(IReadOnlyList<string> arguments, IReadOnlyList<string>? awaitedResources = null)
    {
        _arguments = arguments;
        _awaitedResources = awaitedResources ?? Services;
    }

    public string StateDirectory { get; } = CreateStateDirectory();

    /// <summary>The operator's admin token for the hub's API, chosen by the test instead of generated.</summary>
    public string ApiToken { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The demo users' password, chosen by the test instead of generated.</summary>
    public string DemoPassword { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>Every process that was ever seen below the AppHost, with its command line.</summary>
    public IReadOnlyDictionary<(int Pid, ulong StartTime), string> Descendants => _descendants;

    public int ExitCode => _process!.ExitCode;

    public async ValueTask InitializeAsync()
    {
        var appHost = new Projects.AppHost();
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(appHost.ProjectPath)!,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(appHost.TargetPath);
        // A developer's own AppHost may be running: its dashboard port must not clash with this one.
        startInfo.ArgumentList.Add("--Dashboard:Url=http://127.0.0.1:0");
        startInfo.ArgumentList.Add("--Lakehouse:ProxyPort=0");
        startInfo.ArgumentList.Add($"--Parameters:demo-password={DemoPassword}");
        startInfo.ArgumentList.Add($"--Parameters:api-token={ApiToken}");
        foreach (var argument in _arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LAKEHOUSE_STATE_DIR"] = StateDirectory;
        startInfo.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";

        _process = Process.Start(startInfo)!;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _tracker = TrackDescendantsAsync(_process.Id, _tracking.Token);

        var deadline = DateTime.UtcNow + Timeout;
        while (!_awaitedResources.All(s => HasLine($"{s} is Healthy")))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                // A fixture that fails to start may not be disposed: clean up here.
                await KillEverythingAsync();
                throw new InvalidOperationException(
                    $"The AppHost did not bring every service to Healthy within {Timeout}:\n{string.Join('\n', Output)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The dashboard's login link, as the AppHost prints it at start.</summary>
    public Uri DashboardLoginUrl => _output
        .Select(line => Lakehouse.Hosting.Dashboard.DashboardBanner.TryParseLoginLine(line, out var url) ? url : null)
        .FirstOrDefault(url => url is not null)
        ?? throw new InvalidOperationException("The AppHost printed no dashboard login link.");

    /// <summary>The proxy's public address (<c>public</c> endpoint of the route controller), as the dashboard reports it.</summary>
    public async Task<Uri> GetPublicUrlAsync(CancellationToken cancellationToken)
    {
        using var http = CreateDashboardClient();
        using var resource = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/resources/route-controller", cancellationToken));
        var url = resource.RootElement.GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "public")
            .GetProperty("url").GetString()!;
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }

    /// <summary>A client of the dashboard's API, signed in with the token of its printed login link, as a script would be.</summary>
    public HttpClient CreateDashboardClient()
    {
        var login = DashboardLoginUrl;
        var http = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", System.Web.HttpUtility.ParseQueryString(login.Query)["t"]);
        return http;
    }

    /// <summary>A client of the proxy for one demo user, logged in through the hub's form as a browser is: the session
    /// cookie lands in its cookie container.</summary>
    public async Task<HttpClient> LogInAsync(string user, CancellationToken cancellationToken) =>
        (await LogInWithCookiesAsync(user, cancellationToken)).Client;

    /// <summary>As <see cref="LogInAsync"/>, with the cookie container, for tests that need the session and CSRF values.</summary>
    public async Task<(HttpClient Client, System.Net.CookieContainer Cookies)> LogInWithCookiesAsync(string user, CancellationToken cancellationToken)
    {
        var cookies = new System.Net.CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = await GetPublicUrlAsync(cancellationToken),
        };
        var form = await client.GetStringAsync("hub/login", cancellationToken);
        var xsrf = System.Text.RegularExpressions.Regex.Match(form, "name=\"_xsrf\" value=\"([^\"]*)\"");
        Assert.True(xsrf.Success, "the login page has no _xsrf field");
        using var response = await client.PostAsync("hub/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_xsrf"] = System.Net.WebUtility.HtmlDecode(xsrf.Groups[1].Value),
            ["username"] = user,
            ["password"] = DemoPassword,
        }), cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/hub/home", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        return (client, cookies);
    }

    /// <summary>The hub's API with the operator's admin token.</summary>
    public async Task<HttpClient> CreateOperatorClientAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = await GetPublicUrlAsync(cancellationToken) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("token", ApiToken);
        return client;
    }

    public bool HasLine(string text) => _output.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Ctrl+C, once; later callers get the same outcome.</summary>
    public Task StopWithCtrlCAsync() => _stop ??= StopCoreAsync();

    public async ValueTask DisposeAsync()
    {
        await KillEverythingAsync();
        _process?.Dispose();
        _tracking.Dispose();
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    /// <summary>SIGKILL to the AppHost and to every descendant still alive, whatever state the test left them in.</summary>
    private async Task KillEverythingAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Kill(_process.Id, SigKill);
        }

        await _tracking.CancelAsync();
        if (_tracker is not null)
        {
            await _tracker;
        }

        foreach (var (pid, startTime) in _descendants.Keys.Where(IsAlive))
        {
            Kill(pid, SigKill);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Whether that very process (same pid, same start time) still runs; zombies count as gone.</summary>
    public static bool IsAlive((int Pid, ulong StartTime) process) =>
        ReadStat(process.Pid) is { } stat && stat.State is not ('Z' or 'X') && stat.StartTime == process.StartTime;

    /// <summary>The signal sent to stop it: SIGINT, as Ctrl+C sends, unless the AppHost inherited SIGINT as ignored
    /// (a test run started as a background job); then SIGTERM, which the host handles the same way.</summary>
    public string StopSignal { get; private set; } = "SIGINT";

    private async Task StopCoreAsync()
    {
        var signal = Lakehouse.Testing.ProcessSignals.Ignores(_process!.Id, SigInt) ? SigTerm : SigInt;
        StopSignal = signal == SigInt ? "SIGINT" : "SIGTERM";
        Kill(_process.Id, signal);
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        await _tracking.CancelAsync();
        await _tracker!;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task TrackDescendantsAsync(int root, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var all = Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? ReadStat(pid) : null)
                .OfType<Stat>()
                .ToList();
            var children = all.ToLookup(p => p.ParentPid);
            var pending = new Queue<int>([root]);
            while (pending.TryDequeue(out var parent))
            {
                foreach (var child in children[parent])
                {
                    _descendants.TryAdd((child.Pid, child.StartTime), CommandLine(child.Pid));
                    pending.Enqueue(child.Pid);
                }
            }

            try
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A temporary state folder others can walk through: users' servers run as their own UIDs and must reach
    /// their homes in it (the secrets inside stay owner-only).</summary>
    private static string CreateStateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("lakehouse-apphost-tests-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static Stat? ReadStat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new Stat(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0][0], ulong.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Kill(int pid, int signal) => _ = KillNative(pid, signal);

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int KillNative(int pid, int signal);

    private sealed record Stat(int Pid, int ParentPid, char State, ulong StartTime);
}
