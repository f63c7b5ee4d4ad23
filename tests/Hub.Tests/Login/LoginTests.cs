using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Login;

[Collection(HubCollection.Name)]
public sealed class LoginTests(HubEnvironment environment)
{
    [Fact]
    public async Task Good_login_sets_a_session_cookie_httponly_lax_for_the_whole_site_and_goes_home()
    {
        await using var hub = environment.StartHub();
        using var browser = hub.Browser();

        using var response = await browser.LoginAsync("Alice", hub.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hub/home", response.Headers.Location?.OriginalString);
        var session = Assert.Single(browser.LastSetCookies, c => c.StartsWith("lakehouse-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", session + ";", StringComparison.OrdinalIgnoreCase);
        using var me = await browser.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("\"name\":\"alice\"", await me.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_message_and_create_nothing()
    {
        await using var hub = environment.StartHub();
        using var wrong = hub.Browser();
        using var unknown = hub.Browser();

        using var wrongResponse = await wrong.LoginAsync("alice", "not-the-password");
        using var unknownResponse = await unknown.LoginAsync("nobody-here", "not-the-password");

        var wrongPage = await wrongResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var unknownPage = await unknownResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknownResponse.StatusCode);
        Assert.Contains("Invalid username or password.", wrongPage);
        Assert.Contains("Invalid username or password.", unknownPage);
        Assert.DoesNotContain("lakehouse-session", string.Join(' ', wrong.LastSetCookies.Concat(unknown.LastSetCookies)));
        using var operatorClient = hub.Operator();
        var users = await operatorClient.GetStringAsync("/hub/api/users", TestContext.Current.CancellationToken);
        Assert.Equal("[]", users);
    }

    [Theory]
    [InlineData("/user/alice/tree", "/user/alice/tree")]
    [InlineData("//evil.example/", "/hub/home")]
    [InlineData("https://evil.example/", "/hub/home")]
    [InlineData("/\\evil.example/", "/hub/home")]
    [InlineData("\\\\evil.example", "/hub/home")]
    [InlineData("/\t/evil.example", "/hub/home")]
    [InlineData("javascript:alert(1)", "/hub/home")]
    [InlineData("%2F%2Fevil.example", "/hub/home")]
    [InlineData("https:%2F%2Fevil.example", "/hub/home")]
    [InlineData("/%2F/evil.example", "/%2F/evil.example")]
    [InlineData("/%5Cevil.example", "/%5Cevil.example")]
    [InlineData(" //evil.example", "/hub/home")]
    public async Task Next_redirects_only_to_local_paths(string next, string expected)
    {
        await using var hub = environment.StartHub();
        using var browser = hub.Browser();

        using var response = await browser.LoginAsync("bob", hub.DemoPassword, next);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Logout_ends_the_session_on_the_server_so_the_old_cookie_no_longer_works()
    {
        await using var hub = environment.StartHub();
        using var browser = await hub.LoginAsync("alice");
        var oldCookie = browser.Cookies["lakehouse-session"];

        using (var logout = await browser.PostFormAsync("/hub/logout", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        using var replay = hub.Browser();
        replay.SetCookie("lakehouse-session", oldCookie);
        using var api = await replay.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var home = await replay.GetAsync("/hub/home");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/hub/login", home.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_login_form_without_its_csrf_token_is_refused()
    {
        await using var hub = environment.StartHub();
        using var browser = hub.Browser();
        using (await browser.GetAsync("/hub/login"))
        {
        }

        using var response = await browser.PostFormAsync(
            "/hub/login", new Dictionary<string, string> { ["username"] = "alice", ["password"] = hub.DemoPassword }, withXsrf: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("lakehouse-session", string.Join(' ', browser.LastSetCookies));
    }

    [Fact]
    public async Task An_api_write_with_the_cookie_but_without_X_XSRFToken_is_refused_and_changes_nothing()
    {
        await using var hub = environment.StartHub();
        using var admin = await hub.LoginAsync("admin");

        using var refused = await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/carol", withXsrf: false);
        using var check = await admin.ApiAsync(HttpMethod.Get, "/hub/api/users/carol");
        using var accepted = await admin.ApiAsync(HttpMethod.Post, "/hub/api/users/carol");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("X-XSRFToken", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }
}
