using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lakehouse.Benchmarks.Systems;

/// <summary>
/// A demo LDAP user of the running platform: logs in through the hub's form (so the hub knows their UID/GID), then gets
/// an API token from the operator, and reaches their server through the proxy with it, as a script would.
/// </summary>
internal sealed partial class LakehouseUser : IDisposable
{
    private readonly HttpClient _operator;
    private readonly HttpClient _browser;

    private LakehouseUser(string name, Uri proxy, HttpClient @operator, HttpClient browser, string token)
    {
        Name = name;
        Proxy = proxy;
        _operator = @operator;
        _browser = browser;
        Authorization = $"token {token}";
    }

    public string Name { get; }

    public Uri Proxy { get; }

    /// <summary>The user's own API token, as an <c>Authorization</c> header value.</summary>
    public string Authorization { get; }

    public Uri StatusUrl => new(Proxy, $"user/{Name}/api/status");

    public static async Task<LakehouseUser> LogInAsync(LakehouseAppHost appHost, string name, CancellationToken cancellationToken)
    {
        var proxy = await appHost.GetPublicUrlAsync(cancellationToken);
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = proxy };
        var form = await browser.GetStringAsync("hub/login", cancellationToken);
        var xsrf = XsrfField().Match(form);
        using (var login = await browser.PostAsync("hub/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_xsrf"] = WebUtility.HtmlDecode(xsrf.Groups[1].Value),
            ["username"] = name,
            ["password"] = appHost.DemoPassword,
        }), cancellationToken))
        {
            if (login.StatusCode != HttpStatusCode.Redirect || login.Headers.Location?.OriginalString.EndsWith("/hub/home", StringComparison.Ordinal) != true)
            {
                throw new InvalidOperationException($"{name} could not log in: HTTP {(int)login.StatusCode}.");
            }
        }

        var @operator = await appHost.CreateOperatorClientAsync(cancellationToken);
        using var created = await @operator.PostAsJsonAsync($"hub/api/users/{name}/tokens", new { note = "benchmark" }, cancellationToken);
        created.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        return new LakehouseUser(name, proxy, @operator, browser, token.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>Milliseconds from the spawn request to the first 200 of the server's api/status through the proxy, asked every <paramref name="pollInterval"/>.</summary>
    public async Task<double> SpawnAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", Authorization);
        var stopwatch = Stopwatch.StartNew();
        using (var start = await _operator.PostAsync($"hub/api/users/{Name}/server", null, cancellationToken))
        {
            start.EnsureSuccessStatusCode();
        }

        await Measurements.WaitUntilAsync(async token =>
        {
            try
            {
                using var response = await client.GetAsync(StatusUrl, token);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(5), $"{Name}'s server answering through the proxy", cancellationToken, pollInterval);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Stops the server and waits until the hub has it stopped.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ServerStop.RequestAndWaitAsync(_operator, Name, cancellationToken);

    public void Dispose()
    {
        _operator.Dispose();
        _browser.Dispose();
    }

    [GeneratedRegex("name=\"_xsrf\" value=\"([^\"]*)\"")]
    private static partial Regex XsrfField();
}
