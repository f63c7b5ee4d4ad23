using System.Net;
using System.Text.RegularExpressions;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>
/// What a browser does at the provider, over HTTP: follows its redirects with its cookies, fills in its login form,
/// and stops at the first redirect that leaves the provider (the hub's callback), which it returns unvisited.
/// </summary>
internal sealed partial class ProviderSession(Uri issuer) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Logs in at the provider (if it asks) and returns the callback URL it sends the browser to.</summary>
    public async Task<Uri> AuthorizeAsync(string authorizationUrl, string user, string password)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var next = new Uri(authorizationUrl);
        for (var hop = 0; hop < 20; hop++)
        {
            if (next.Authority != issuer.Authority)
            {
                return next;
            }

            using var response = await _http.GetAsync(next, cancellationToken);
            if (response.Headers.Location is { } location)
            {
                next = new Uri(next, location);
                continue;
            }

            var page = await response.Content.ReadAsStringAsync(cancellationToken);
            var form = FormAction().Match(page);
            Assert.True(form.Success, $"the provider showed no login form ({(int)response.StatusCode}): {page}");
            using var login = await _http.PostAsync(new Uri(next, WebUtility.HtmlDecode(form.Groups[1].Value)), new FormUrlEncodedContent(
                new Dictionary<string, string> { ["username"] = user, ["password"] = password }), cancellationToken);
            Assert.NotNull(login.Headers.Location);
            next = new Uri(next, login.Headers.Location);
        }

        throw new InvalidOperationException("Too many redirects at the provider.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();
}
