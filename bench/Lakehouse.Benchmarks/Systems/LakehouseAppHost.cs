using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lakehouse.Hosting;

namespace Lakehouse.Benchmarks.Systems;

/// <summary>The real AppHost, started cold (a fresh state folder) with its dashboard on a private port.</summary>
internal sealed class LakehouseAppHost : IAsyncDisposable
{
    private const string BaseDn = OpenLdapBuilderExtensions.DefaultBaseDn;

    private readonly string _stateDirectory = CreateStateDirectory();
    private readonly string _dashboardToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly int _dashboardPort = Measurements.FreeLoopbackPort();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The AppHost is not running.");

    /// <summary>The demo users' password and the operator's token, chosen here rather than generated.</summary>
    public string DemoPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string ApiToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The directory's root DN password, so that the benchmark can add users of its own.</summary>
    private string LdapAdminPassword { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A platform started cold, once every resource is Running and Healthy.</summary>
    public static async Task<LakehouseAppHost> StartHealthyAsync(CancellationToken cancellationToken)
    {
        var appHost = new LakehouseAppHost();
        try
        {
            appHost.Start();
            await Measurements.WaitUntilAsync(async token => (await appHost.GetHealthAsync(token))?.AllHealthy == true,
                TimeSpan.FromMinutes(3), "All AppHost resources healthy", cancellationToken);
            return appHost;
        }
        catch
        {
            // Its services and their servers must not outlive a failed benchmark.
            await appHost.DisposeAsync();
            throw;
        }
    }

    public void Start()
    {
        var appHost = new Projects.AppHost();
        var start = new ProcessStartInfo("dotnet", [appHost.TargetPath,
            $"--Dashboard:Url=http://127.0.0.1:{_dashboardPort}",
            $"--Dashboard:BrowserToken={_dashboardToken}",
            "--Lakehouse:ProxyPort=0",
            $"--Parameters:demo-password={DemoPassword}",
            $"--Parameters:api-token={ApiToken}",
            $"--Parameters:ldap-admin-password={LdapAdminPassword}"])
        {
            WorkingDirectory = Path.GetDirectoryName(appHost.ProjectPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["LAKEHOUSE_STATE_DIR"] = _stateDirectory;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _dashboardToken);
        _process = Process.Start(start) ?? throw new InvalidOperationException("The AppHost did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The names of the process resources that are Running and Healthy now, as the dashboard API reports them;
    /// null until the dashboard answers.</summary>
    public async Task<ResourceHealthReport?> GetHealthAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: true })
        {
            throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode}.");
        }

        try
        {
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/api/resources"), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var resources = document.RootElement.EnumerateArray()
                .Where(r => r.GetProperty("type").GetString() is not "Container")
                .ToList();
            return new ResourceHealthReport(
                resources.Select(r => r.GetProperty("name").GetString()!).ToHashSet(),
                resources.Where(r => r.GetProperty("state").GetString() == "Running" && IsHealthy(r.GetProperty("health")))
                    .Select(r => r.GetProperty("name").GetString()!)
                    .ToHashSet());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The proxy's public address: the route controller's <c>public</c> endpoint, from the dashboard's API.</summary>
    public async Task<Uri> GetPublicUrlAsync(CancellationToken cancellationToken)
    {
        using var resource = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/api/resources/route-controller"), cancellationToken));
        var url = resource.RootElement.GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "public").GetProperty("url").GetString()!;
        return new Uri(url.TrimEnd('/') + "/");
    }

    /// <summary>The hub's API through the proxy, as the operator (the api-token parameter).</summary>
    public async Task<HttpClient> CreateOperatorClientAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = await GetPublicUrlAsync(cancellationToken),
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", ApiToken);
        return client;
    }

    /// <summary>
    /// Adds people to the platform's directory, as an administrator would (<c>ldapadd</c> as the root DN): each with
    /// a uid and a group of their own from <paramref name="firstUid"/> on, and the demo password.
    /// </summary>
    public async Task AddDirectoryUsersAsync(IReadOnlyList<string> names, int firstUid, CancellationToken cancellationToken)
    {
        using var resource = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/api/resources/ldap"), cancellationToken));
        // The plain endpoint, "ldap" (the directory may also serve ldaps).
        var url = new Uri(resource.RootElement.GetProperty("endpoints").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == "ldap").GetProperty("url").GetString()!);
        var ldif = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            var (name, id) = (names[i], (firstUid + i).ToString(CultureInfo.InvariantCulture));
            ldif.Append(CultureInfo.InvariantCulture, $"""
                dn: uid={name},ou=people,{BaseDn}
                objectClass: inetOrgPerson
                objectClass: posixAccount
                uid: {name}
                cn: {name}
                sn: {name}
                uidNumber: {id}
                gidNumber: {id}
                homeDirectory: /home/{name}
                userPassword: {DemoPassword}

                dn: cn={name},ou=groups,{BaseDn}
                objectClass: posixGroup
                cn: {name}
                gidNumber: {id}
                memberUid: {name}


                """);
        }

        var start = new ProcessStartInfo("ldapadd", ["-x", "-H", $"ldap://127.0.0.1:{url.Port}", "-D", $"cn=admin,{BaseDn}", "-w", LdapAdminPassword])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ldapadd did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(ldif.ToString());
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ldapadd failed ({process.ExitCode}): {await errors}{await output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            ProcessTree.Signal(_process.Id, ProcessTree.SigInt);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    /// <summary>Users' servers run as their own UIDs and must reach their homes in the state folder.</summary>
    private static string CreateStateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("lakehouse-bench-state-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    private static bool IsHealthy(JsonElement health) => health.ValueKind switch
    {
        JsonValueKind.String => health.GetString() == "Healthy",
        JsonValueKind.Number => health.GetInt32() == 1,
        _ => false,
    };
}

/// <summary>Which resources exist and which of them are Running and Healthy.</summary>
internal sealed record ResourceHealthReport(IReadOnlySet<string> All, IReadOnlySet<string> Healthy)
{
    public bool AllHealthy => All.Count > 0 && Healthy.SetEquals(All);
}
