using System.Diagnostics;
using System.Text.Json;
using Lakehouse.Hosting.OpenLdap;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>
/// The real OpenID provider of <c>tools/oidc-provider</c> (npm oidc-provider) as a node process on a loopback port,
/// with one confidential client (PKCE required) and the demo users' uid, gid and groups. Killed on dispose.
/// </summary>
internal sealed class OidcProviderProcess : IAsyncDisposable
{
    public const string ClientId = "jupyterhub";

    private readonly Process _process;
    private readonly string _folder;

    private OidcProviderProcess(Process process, string folder, Uri issuer)
    {
        _process = process;
        _folder = folder;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    public required string ClientSecret { get; init; }

    /// <summary>Every test account's password.</summary>
    public const string TestPassword = "password-of-the-oidc-tests";

    public static string ToolDirectory { get; } = Path.Combine(RepositoryRoot(), "tools", "oidc-provider");

    /// <param name="hub">The hub's address: its callback and login page are the registered redirect URIs.</param>
    /// <param name="admins">Users in the admin group <c>lakehouse-admins</c>; the demo's <c>admin</c> when not given.</param>
    public static async Task<OidcProviderProcess> StartAsync(
        int port, Uri hub, string? clientSecret = null, IReadOnlyList<string>? admins = null, int accessTokenSeconds = 3600)
    {
        await EnsureInstalledAsync();
        var folder = Directory.CreateTempSubdirectory("lakehouse-oidc-provider-").FullName;
        var usersFile = Path.Combine(folder, "users.json");
        await File.WriteAllTextAsync(usersFile, UsersJson(admins ?? ["admin"]));
        File.SetUnixFileMode(usersFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        var secret = clientSecret ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        start.Environment["OIDC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["OIDC_CLIENT_ID"] = ClientId;
        start.Environment["OIDC_CLIENT_SECRET"] = secret;
        start.Environment["OIDC_REDIRECT_URIS"] = new Uri(hub, "/hub/oauth_callback").ToString();
        start.Environment["OIDC_POST_LOGOUT_REDIRECT_URIS"] = new Uri(hub, "/hub/login").ToString();
        start.Environment["OIDC_USERS_FILE"] = usersFile;
        start.Environment["OIDC_ACCESS_TOKEN_TTL"] = accessTokenSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            const string marker = "oidc-provider ready at ";
            if (e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(e.Data[marker.Length..]));
            }
        };
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var issuer = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new OidcProviderProcess(process, folder, issuer) { ClientSecret = secret };
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException($"oidc-provider did not start:\n{string.Join('\n', output)}");
        }
    }

    /// <summary>The hub's settings for logging in against a provider at <paramref name="issuer"/>.</summary>
    public static Dictionary<string, string?> HubSettings(Uri issuer, string clientSecret) => new()
    {
        ["Authentication:Provider"] = "oidc",
        ["Authentication:Oidc:Authority"] = issuer.ToString(),
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:ClientSecret"] = clientSecret,
        ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
        ["Authentication:Oidc:AuthStateKey"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Authentication:Oidc:AdminGroups:0"] = OpenLdapDemoData.AdminGroup,
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The demo users as the AppHost's provider has them (LDAP's uids, gids and groups), with the admin group as given.</summary>
    private static string UsersJson(IReadOnlyList<string> admins) =>
        JsonSerializer.Serialize(Lakehouse.Hosting.OidcProviderBuilderExtensions.DemoAccounts(
            TestPassword,
            OpenLdapDemoData.Users.Select(user => user with
            {
                Groups = [.. user.Groups.Where(g => g != OpenLdapDemoData.AdminGroup), .. admins.Contains(user.Name) ? [OpenLdapDemoData.AdminGroup] : Array.Empty<string>()],
            })));

    private static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(ToolDirectory, "node_modules", "oidc-provider")))
        {
            return;
        }

        using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            WorkingDirectory = ToolDirectory,
            UseShellExecute = false,
        })!;
        await npm.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install in {ToolDirectory} failed with exit code {npm.ExitCode}.");
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Lakehouse.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside a Lakehouse checkout.");
    }
}
