using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>
/// What a browser does with the hub: keeps cookies (by hand, so that tests see every Set-Cookie with its flags),
/// sends the CSRF token in forms (<c>_xsrf</c>) and in cookie-authenticated API writes (<c>X-XSRFToken</c>).
/// </summary>
internal sealed partial class HubBrowser(HttpClient http) : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>The raw Set-Cookie headers of the last response.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public string? Xsrf => _cookies.GetValueOrDefault("_xsrf");

    public void SetCookie(string name, string value) => _cookies[name] = value;

    /// <summary>Sent as X-Forwarded-For, as the route controller does for the client it proxies.</summary>
    public string? ForwardedFor { get; set; }

    /// <summary>Sent as X-Forwarded-Proto, as the route controller does when its public port speaks TLS.</summary>
    public string? ForwardedProto { get; set; }

    public async Task<HttpResponseMessage> LoginAsync(string user, string password, string? next = null)
    {
        using (var page = await GetAsync("/hub/login"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        }

        var fields = new Dictionary<string, string> { ["username"] = user, ["password"] = password };
        if (next is not null)
        {
            fields["next"] = next;
        }

        return await PostFormAsync("/hub/login", fields);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, bool withXsrf = true)
    {
        var all = new Dictionary<string, string>(fields);
        if (withXsrf && Xsrf is { } token)
        {
            all["_xsrf"] = token;
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) });
    }

    /// <summary>An API call authenticated by the session cookie.</summary>
    public Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, object? body = null, bool withXsrf = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withXsrf && Xsrf is { } token)
        {
            request.Headers.Add("X-XSRFToken", token);
        }

        return SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (ForwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", ForwardedFor);
        }

        if (ForwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", ForwardedProto);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        foreach (var header in LastSetCookies)
        {
            var pair = header.Split(';')[0];
            var equals = pair.IndexOf('=');
            var name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (value.Length == 0 || ExpiredPattern().IsMatch(header))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        return response;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("expires=Thu, 01 Jan 1970", RegexOptions.IgnoreCase)]
    private static partial Regex ExpiredPattern();
}
