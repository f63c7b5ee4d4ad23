using System.Net;
using Lakehouse.RouteController.Tests.Infrastructure;

namespace Lakehouse.RouteController.Tests.Proxy;

/// <summary>Only the owner or an admin reaches <c>/user/{name}/</c>; the server's token is added by the proxy and never shown.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessTests(ProxyPlatform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Owner_reaches_jupyter_through_the_proxy_by_cookie_header_token_or_query_token_without_knowing_the_server_token()
    {
        using var client = ProxyPlatform.CreateClient();
        foreach (var request in new[]
        {
            platform.Request(HttpMethod.Get, "user/alice/api/status", cookie: "alice-session"),
            platform.Request(HttpMethod.Get, "user/alice/api/status", token: "alice-api-token"),
            platform.Request(HttpMethod.Get, "user/alice/api/status?token=alice-api-token"),
        })
        {
            using (request)
            using (var response = await client.SendAsync(request, Cancel))
            {
                var body = await response.Content.ReadAsStringAsync(Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("\"started\"", body); // Jupyter's /api/status
                AssertNoServerToken(response, body);
            }
        }
    }

    [Fact]
    public async Task Jupyter_pages_and_apis_through_the_proxy_never_show_the_server_token()
    {
        using var client = ProxyPlatform.CreateClient();
        foreach (var path in new[] { "user/alice/", "user/alice/tree", "user/alice/api/contents", "user/alice/api/kernelspecs", "user/alice/api/me" })
        {
            using var request = platform.Request(HttpMethod.Get, path, cookie: "alice-session", browser: true);
            using var response = await client.SendAsync(request, Cancel);
            var body = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
            AssertNoServerToken(response, body);
        }
    }

    [Fact]
    public async Task The_hubs_decision_is_reused_for_a_burst_of_requests()
    {
        platform.Hub.Credentials["carol-burst-session"] = "carol";
        using var client = ProxyPlatform.CreateClient();
        var before = platform.Hub.AuthorizeCalls;
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await client.SendAsync(platform.Request(HttpMethod.Get, $"user/carol/file{i}", cookie: "carol-burst-session"), Cancel);
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        // One question, unless the burst outlived the cache's 10 s on a very slow machine.
        Assert.InRange(platform.Hub.AuthorizeCalls - before, 1, 2);
    }

    [Fact]
    public async Task Cookie_authenticated_changes_from_another_origin_are_refused_as_jupyter_would()
    {
        using var client = ProxyPlatform.CreateClient();
        var before = platform.CarolServer.Requests.Count;
        using (var crossSite = platform.Request(HttpMethod.Post, "user/carol/api/kernels", cookie: "carol-session"))
        {
            crossSite.Headers.Add("Origin", "http://evil.example");
            using var response = await client.SendAsync(crossSite, Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(before, platform.CarolServer.Requests.Count);

        using (var sameSite = platform.Request(HttpMethod.Post, "user/carol/api/kernels", cookie: "carol-session"))
        {
            sameSite.Headers.Add("Origin", $"http://{platform.PublicUrl.Authority}");
            using var response = await client.SendAsync(sameSite, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var script = platform.Request(HttpMethod.Post, "user/carol/api/kernels", token: "carol-session");
        script.Headers.Add("Origin", "http://elsewhere.example");
        using var scripted = await client.SendAsync(script, Cancel);
        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
    }

    [Fact]
    public async Task Another_user_gets_403_and_an_admin_gets_through()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var bob = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status", cookie: "bob-session", browser: true), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
            AssertNoServerToken(bob, await bob.Content.ReadAsStringAsync(Cancel));
        }

        using var admin = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status", token: "admin-token"), Cancel);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Anonymous_browsers_are_sent_to_the_hub_login_with_next_and_anonymous_api_clients_get_401()
    {
        using var client = ProxyPlatform.CreateClient();
        using (var browser = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/tree?x=1&token=wrong", browser: true), Cancel))
        {
            Assert.Equal(HttpStatusCode.Found, browser.StatusCode);
            Assert.Equal("/hub/login?next=" + Uri.EscapeDataString("/user/alice/tree?x=1"), browser.Headers.Location!.OriginalString);
        }

        using (var wrongCookie = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status", cookie: "forged"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongCookie.StatusCode);
        }

        using var api = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice/api/status"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("\"status\":401", await api.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Login_redirects_keep_next_a_local_path()
    {
        using var client = ProxyPlatform.CreateClient();
        using var response = await client.SendAsync(platform.Request(HttpMethod.Get, "user/alice//evil.example/x", browser: true), Cancel);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/hub/login?next=%2Fuser%2Falice%2F", location);
        Assert.DoesNotContain("//", location);
    }

    [Fact]
    public async Task Upstream_gets_the_server_token_instead_of_the_clients_credentials_with_host_and_forwarded_headers()
    {
        using var client = ProxyPlatform.CreateClient();
        using var request = platform.Request(HttpMethod.Get, "user/carol/lab?token=carol-session&keep=1", token: "carol-session");
        request.Headers.Add("Cookie", "lakehouse-session=carol-session; theme=dark");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        using var response = await client.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("carol's server saw /user/carol/lab?keep=1", body);
        var seen = platform.CarolServer.Requests.Last();
        Assert.Equal("token " + ProxyPlatform.CarolServerToken, seen.Headers["Authorization"]);
        Assert.Equal("theme=dark", seen.Headers["Cookie"]);
        Assert.Equal(platform.PublicUrl.Authority, seen.Headers["Host"]);
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        AssertNoServerToken(response, body, ProxyPlatform.CarolServerToken);
    }

    [Fact]
    public async Task Spark_ui_host_serves_the_owner_and_admins_only_without_any_credential_upstream()
    {
        using var client = ProxyPlatform.CreateClient();
        HttpRequestMessage SparkRequest(string? cookie = null, string? token = null)
        {
            var request = platform.Request(HttpMethod.Get, token is null ? "jobs/" : $"jobs/?token={token}", cookie);
            request.Headers.Host = $"alice.sparkui.localhost:{platform.PublicUrl.Port}";
            if (token is not null)
            {
                request.Headers.Authorization = new("token", token);
            }

            return request;
        }

        var before = platform.AliceSparkUi.Requests.Count;
        using (var bob = await client.SendAsync(SparkRequest(cookie: "bob-session"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        }

        using (var anonymous = await client.SendAsync(SparkRequest(), Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // A browser is sent to log in on the hub's host, which hands it back to this host's callback.
        var browserRequest = SparkRequest();
        browserRequest.Headers.Accept.ParseAdd("text/html");
        using (var browser = await client.SendAsync(browserRequest, Cancel))
        {
            var port = platform.PublicUrl.Port;
            Assert.Equal(HttpStatusCode.Found, browser.StatusCode);
            Assert.Equal(
                $"http://127.0.0.1:{port}/hub/sparkui-login?host=alice.sparkui.localhost%3A{port}&next=%2Fjobs%2F",
                browser.Headers.Location!.OriginalString);
        }

        Assert.Equal(before, platform.AliceSparkUi.Requests.Count);

        using (var owner = await client.SendAsync(SparkRequest(cookie: "alice-session"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
            Assert.Equal("alice's spark ui saw /jobs/", await owner.Content.ReadAsStringAsync(Cancel));
        }

        using (var admin = await client.SendAsync(SparkRequest(token: "admin-token"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            Assert.Equal("alice's spark ui saw /jobs/", await admin.Content.ReadAsStringAsync(Cancel));
        }

        foreach (var seen in platform.AliceSparkUi.Requests.Skip(before))
        {
            Assert.False(seen.Headers.ContainsKey("Authorization"));
            Assert.DoesNotContain("lakehouse-session", seen.Headers.GetValueOrDefault("Cookie") ?? string.Empty);
            Assert.DoesNotContain(platform.Jupyter.Token, string.Join("\n", seen.Headers.Values));
        }
    }

    private void AssertNoServerToken(HttpResponseMessage response, string body, string? token = null)
    {
        token ??= platform.Jupyter.Token;
        Assert.DoesNotContain(token, body);
        var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value));
        Assert.DoesNotContain(token, headers);
    }
}
