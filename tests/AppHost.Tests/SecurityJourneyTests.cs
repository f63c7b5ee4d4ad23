using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.AppHost.Tests;

/// <summary>
/// Access control through the real platform: every demo user against every other user's server, API objects,
/// tokens and Spark UI host (403; the admin gets through); a browser reaching a Spark UI host logs in on the hub's
/// host and comes back; and afterwards no secret of the journey is in any service's log.
/// </summary>
[Collection(PlatformCollection.Name)]
public class SecurityJourneyTests(AppHostProcess appHost, ChromiumBrowser chromium)
{
    private static readonly string[] Users = ["alice", "bob"];
    private static readonly string[] Callers = ["alice", "bob", "admin"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_reach_only_their_own_objects_spark_ui_logins_come_back_from_the_hub_and_no_secret_is_logged()
    {
        var proxy = await appHost.GetPublicUrlAsync(Cancel);
        var secrets = new List<string> { appHost.DemoPassword, appHost.ApiToken };
        var sessions = new Dictionary<string, string>();
        var xsrf = new Dictionary<string, string>();
        var tokens = new Dictionary<string, string>();
        foreach (var user in Callers)
        {
            var (client, cookies) = await appHost.LogInWithCookiesAsync(user, Cancel);
            using (client)
            {
                sessions[user] = cookies.GetCookies(proxy)["lakehouse-session"]!.Value;
                xsrf[user] = cookies.GetCookies(new Uri(proxy, "hub/"))["_xsrf"]!.Value;
                using var create = new HttpRequestMessage(HttpMethod.Post, $"hub/api/users/{user}/tokens") { Content = JsonContent.Create(new { note = "isolation matrix" }) };
                create.Headers.Add("X-XSRFToken", xsrf[user]);
                using var created = await client.SendAsync(create, Cancel);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                tokens[user] = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("token").GetString()!;
            }
        }

        secrets.AddRange(sessions.Values);
        secrets.AddRange(tokens.Values);
        using var @operator = await appHost.CreateOperatorClientAsync(Cancel);
        var sparkUis = new List<SparkUiStandIn>();
        try
        {
            foreach (var user in Users)
            {
                await StartServerAsync(@operator, user);
                var record = ServerRecord(user);
                secrets.Add(record.GetProperty("token").GetString()!);
                sparkUis.Add(SparkUiStandIn.Start(user, record.GetProperty("instance").GetProperty("sparkUiPort").GetInt32()));
            }

            await AssertIsolationMatrixAsync(proxy, sessions, xsrf, tokens);
            await AssertSparkUiBrowserLoginAsync(proxy);
        }
        catch
        {
            // The first failure is what the test reports; the servers are still stopped, and a failing stop must not hide it.
            await CleanUpAsync(@operator, sparkUis, quietly: true);
            throw;
        }

        await CleanUpAsync(@operator, sparkUis, quietly: false);

        secrets.AddRange(ServiceTokens());
        AssertNoSecretInLogs(secrets);
    }

    private static async Task AssertIsolationMatrixAsync(
        Uri proxy, Dictionary<string, string> sessions, Dictionary<string, string> xsrf, Dictionary<string, string> tokens)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = proxy };
        var failures = new List<string>();
        foreach (var caller in Callers)
        {
            foreach (var owner in Users)
            {
                // The owner and the admin get through; everyone else is refused.
                var allowed = caller == owner || caller == "admin";
                foreach (var credential in new[] { "cookie", "token" })
                {
                    // What the owner or the admin gets: the answer itself (a start of a running server is a 400,
                    // JupyterHub's answer).
                    foreach (var (what, request, whenAllowed) in new (string, Func<HttpRequestMessage>, HttpStatusCode)[]
                    {
                        ("server", () => new HttpRequestMessage(HttpMethod.Get, $"user/{owner}/api/status"), HttpStatusCode.OK),
                        ("user model", () => new HttpRequestMessage(HttpMethod.Get, $"hub/api/users/{owner}"), HttpStatusCode.OK),
                        ("tokens", () => new HttpRequestMessage(HttpMethod.Get, $"hub/api/users/{owner}/tokens"), HttpStatusCode.OK),
                        ("server start", () => new HttpRequestMessage(HttpMethod.Post, $"hub/api/users/{owner}/server"), HttpStatusCode.BadRequest),
                        ("spark ui", () => SparkRequest(proxy, owner), HttpStatusCode.OK),
                    })
                    {
                        using var message = request();
                        if (credential == "cookie")
                        {
                            message.Headers.Add("Cookie", $"lakehouse-session={sessions[caller]}");
                            if (message.Method != HttpMethod.Get)
                            {
                                // A write with the cookie needs the CSRF token, or it is refused whoever sends it.
                                message.Headers.Add("X-XSRFToken", xsrf[caller]);
                            }
                        }
                        else
                        {
                            message.Headers.Authorization = new("token", tokens[caller]);
                        }

                        using var response = await http.SendAsync(message, Cancel);
                        var expected = allowed ? whenAllowed : HttpStatusCode.Forbidden;
                        if (response.StatusCode != expected)
                        {
                            failures.Add($"{caller} by {credential} on {owner}'s {what}: {(int)response.StatusCode}, expected {(int)expected}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task AssertSparkUiBrowserLoginAsync(Uri proxy)
    {
        var sparkUrl = $"http://alice.sparkui.localhost:{proxy.Port}/jobs/";

        // Anonymous on alice's Spark UI host: logs in on the hub's host and lands back on the page she asked for.
        await using (var alice = await chromium.NewContextAsync())
        {
            var page = await alice.NewPageAsync();
            await page.GotoAsync(sparkUrl);
            await Expect(page).ToHaveURLAsync(new Regex($"^http://127\\.0\\.0\\.1:{proxy.Port}/hub/login\\?next="));
            await LogInAsync(page, "alice");
            await Expect(page).ToHaveURLAsync(sparkUrl);
            await Expect(page.Locator("body")).ToHaveTextAsync("Spark UI of alice: /jobs/");

            // Her host's own cookie: host-only, HttpOnly; the hub's cookie stays on the hub's host.
            var cookies = await alice.CookiesAsync([$"http://alice.sparkui.localhost:{proxy.Port}/"]);
            var session = Assert.Single(cookies, c => c.Name == "lakehouse-session");
            Assert.True(session.HttpOnly);
            Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
            Assert.Equal("alice.sparkui.localhost", session.Domain);
        }

        // Bob logs in the same way and is refused on alice's host.
        await using var bob = await chromium.NewContextAsync();
        var bobPage = await bob.NewPageAsync();
        await bobPage.GotoAsync(sparkUrl);
        await LogInAsync(bobPage, "bob");
        await Expect(bobPage).ToHaveURLAsync(sparkUrl);
        await Expect(bobPage.Locator("body")).ToContainTextAsync("bob may not use alice's server");
        var again = await bobPage.GotoAsync(sparkUrl);
        Assert.Equal(403, again!.Status);
    }

    private async Task LogInAsync(IPage page, string user)
    {
        await page.FillAsync("input[name=username]", user);
        await page.FillAsync("input[name=password]", appHost.DemoPassword);
        await page.ClickAsync("button[type=submit]");
    }

    private static HttpRequestMessage SparkRequest(Uri proxy, string owner)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "jobs/");
        request.Headers.Host = $"{owner}.sparkui.localhost:{proxy.Port}";
        return request;
    }

    /// <summary>Stops the server and waits until it is gone, so the next test of the shared platform may start it again.</summary>
    private static async Task CleanUpAsync(HttpClient @operator, List<SparkUiStandIn> sparkUis, bool quietly)
    {
        foreach (var sparkUi in sparkUis)
        {
            sparkUi.Dispose();
        }

        foreach (var user in Users)
        {
            try
            {
                await StopServerAsync(@operator, user);
            }
            catch (Exception) when (quietly)
            {
                // Reported by the test's own failure instead.
            }
        }
    }

    private static async Task StopServerAsync(HttpClient @operator, string user)
    {
        using (await @operator.DeleteAsync($"hub/api/users/{user}/server", Cancel))
        {
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var model = JsonDocument.Parse(await @operator.GetStringAsync($"hub/api/users/{user}", Cancel));
            if (!model.RootElement.GetProperty("servers").TryGetProperty("", out _))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{user}'s server did not stop: {model.RootElement}");
            await Task.Delay(250, Cancel);
        }
    }

    private static async Task StartServerAsync(HttpClient @operator, string user)
    {
        using (var start = await @operator.PostAsync($"hub/api/users/{user}/server", null, Cancel))
        {
            Assert.True(start.StatusCode is HttpStatusCode.Created or HttpStatusCode.Accepted, $"starting {user}'s server: {(int)start.StatusCode}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (true)
        {
            using var model = JsonDocument.Parse(await @operator.GetStringAsync($"hub/api/users/{user}", Cancel));
            if (model.RootElement.GetProperty("servers").TryGetProperty("", out var server) && server.GetProperty("ready").GetBoolean())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{user}'s server did not become ready: {model.RootElement}");
            await Task.Delay(500, Cancel);
        }
    }

    /// <summary>The spawner's record of a server: its token (a secret to look for) and its Spark UI port.</summary>
    private JsonElement ServerRecord(string user)
    {
        var file = Directory.EnumerateFiles(appHost.StateDirectory, $"{user}.json", SearchOption.AllDirectories)
            .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "spawner");
        return JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
    }

    /// <summary>The generated parameters: service tokens and the like.</summary>
    private IEnumerable<string> ServiceTokens()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(appHost.StateDirectory, "parameters.json")));
        return Strings(parameters.RootElement).Where(v => v.Length >= 16).ToList();
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>Every log the platform wrote (hub, spawner, route controller, the rest, the servers') and the AppHost's output.</summary>
    private void AssertNoSecretInLogs(IReadOnlyCollection<string> secrets)
    {
        var logs = Directory.EnumerateFiles(Path.Combine(appHost.StateDirectory, "logs"), "*.log", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(appHost.StateDirectory, f), Text: File.ReadAllText(f)))
            .Append((Name: "AppHost output", Text: string.Join('\n', appHost.Output)))
            .ToList();
        Assert.Contains(logs, l => l.Name.EndsWith("hub.log", StringComparison.Ordinal) && l.Text.Contains("alice logged in", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Name.EndsWith("route-controller.log", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Name.EndsWith("spawner.log", StringComparison.Ordinal));
        var found = (from log in logs from secret in secrets where log.Text.Contains(secret, StringComparison.Ordinal)
                     select $"{log.Name} contains a secret starting {secret[..4]}").ToList();
        Assert.True(found.Count == 0, string.Join('\n', found));
    }

    /// <summary>A tiny HTTP server on a user's Spark UI port, standing in for Spark's UI.</summary>
    private sealed class SparkUiStandIn : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        private SparkUiStandIn(string user, int port)
        {
            // Any host name: the proxy keeps the browser's Host (alice.sparkui.localhost), as configurable-http-proxy does.
            _listener.Prefixes.Add($"http://*:{port}/");
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    var body = System.Text.Encoding.UTF8.GetBytes($"Spark UI of {user}: {context.Request.Url!.AbsolutePath}");
                    context.Response.ContentType = "text/plain";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public static SparkUiStandIn Start(string user, int port) => new(user, port);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
