using System.Globalization;
using System.Net;
using System.Text.Json;
using Lakehouse.Hub.Data;
using Lakehouse.Hub.Oidc;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Hub.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>The OIDC login against a real oidc-provider process: the flow, its refusals, refresh and logout.</summary>
[Collection(HubCollection.Name)]
public sealed class OidcLoginTests(HubEnvironment environment)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_through_the_provider_gives_a_session_with_the_users_uid_gid_groups_and_encrypted_tokens()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        using var browser = bed.Hub.Browser();

        using var response = await bed.LoginAsync(browser, "alice");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hub/home", response.Headers.Location?.OriginalString);
        Assert.Contains(browser.LastSetCookies, c => c.StartsWith("lakehouse-session=", StringComparison.Ordinal));
        using var me = await browser.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("\"name\":\"alice\"", await me.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("\"admin\":false", await me.Content.ReadAsStringAsync(Cancel));

        var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", Cancel))!;
        var identity = UserService.IdentityOf(user)!;
        Assert.Equal((10001, 10001, "alice:10001,data-team:20000"), (identity.Uid, identity.Gid, identity.ExternalGroups));

        var tokens = await bed.Hub.Services.GetRequiredService<AuthStateStore>().LoadAsync(user, Cancel);
        Assert.NotNull(tokens);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        var stored = await StoredAuthStateAsync(bed.Hub, user);
        Assert.DoesNotContain(tokens.AccessToken, stored);
        Assert.DoesNotContain(tokens.RefreshToken, stored);
        Assert.DoesNotContain("alice", stored);
    }

    [Fact]
    public async Task Admin_groups_grant_admin_and_leaving_them_revokes_it_at_the_next_login()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        using (var first = bed.Hub.Browser())
        {
            using var login = await bed.LoginAsync(first, "admin");
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.True((await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("admin", Cancel))!.Admin);
        }

        await bed.RestartProviderAsync(admins: []);
        using var second = bed.Hub.Browser();
        using var again = await bed.LoginAsync(second, "admin");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.False((await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("admin", Cancel))!.Admin);
        using var adminPage = await second.GetAsync("/hub/admin");
        Assert.Equal(HttpStatusCode.Forbidden, adminPage.StatusCode);
    }

    [Fact]
    public async Task A_callback_with_another_state_is_refused_with_a_clear_error_and_no_session()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        using var browser = bed.Hub.Browser();
        var authorization = await bed.StartLoginAsync(browser);
        using var provider = new ProviderSession(bed.Issuer);
        var callback = await provider.AuthorizeAsync(authorization, "alice", OidcProviderProcess.TestPassword);

        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        query["state"] = "not-the-state-the-hub-sent";
        using var response = await browser.GetAsync($"{callback.AbsolutePath}?{query}");

        await AssertRefusedAsync(bed.Hub, browser, response, "state does not match");
    }

    [Fact]
    public async Task A_replayed_code_is_refused_whether_the_callback_is_replayed_or_the_code_is_moved_into_a_new_login()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        using var browser = bed.Hub.Browser();
        var authorization = await bed.StartLoginAsync(browser);
        using var provider = new ProviderSession(bed.Issuer);
        var callback = await provider.AuthorizeAsync(authorization, "alice", OidcProviderProcess.TestPassword);
        using (var used = await browser.GetAsync(callback.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        }

        // The same callback again, from an attacker's browser that has no login in progress.
        using var attacker = bed.Hub.Browser();
        using var replay = await attacker.GetAsync(callback.PathAndQuery);
        await AssertRefusedAsync(bed.Hub, attacker, replay, "unknown or has expired", sessionsBefore: 1);

        // The used code inside a fresh login of the attacker's: the state passes, the provider refuses the code.
        var fresh = new Uri(await bed.StartLoginAsync(attacker));
        var state = System.Web.HttpUtility.ParseQueryString(fresh.Query)["state"];
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"];
        using var moved = await attacker.GetAsync($"/hub/oauth_callback?code={Uri.EscapeDataString(code!)}&state={Uri.EscapeDataString(state!)}");
        await AssertRefusedAsync(bed.Hub, attacker, moved, "did not accept this login's code (invalid_grant)", sessionsBefore: 1);
    }

    [Fact]
    public async Task A_stale_access_token_is_refreshed_and_the_new_one_works_at_the_provider()
    {
        // Every token is stale at once: it lives 30 s and the hub refreshes 60 s ahead.
        await using var bed = await OidcTestBed.StartAsync(environment, accessTokenSeconds: 30);
        using var browser = bed.Hub.Browser();
        using (var login = await bed.LoginAsync(browser, "alice"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var store = bed.Hub.Services.GetRequiredService<AuthStateStore>();
        var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", Cancel))!;
        var before = (await store.LoadAsync(user, Cancel))!;

        var fresh = await store.GetFreshAsync(user, Cancel);

        Assert.NotNull(fresh);
        Assert.NotEqual(before.AccessToken, fresh.AccessToken);
        Assert.Equal(fresh.AccessToken, (await store.LoadAsync(user, Cancel))!.AccessToken);
        using var http = new HttpClient();
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Issuer, "/me"));
        userInfo.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fresh.AccessToken);
        using var answer = await http.SendAsync(userInfo, Cancel);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"sub\":\"alice\"", await answer.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_refused_refresh_drops_the_tokens_and_a_server_that_needs_them_is_not_started()
    {
        await using var bed = await OidcTestBed.StartAsync(
            environment, new Dictionary<string, string?> { ["Authentication:Oidc:PassAccessTokenToServer"] = "true" }, accessTokenSeconds: 30);
        using var browser = bed.Hub.Browser();
        using (var login = await bed.LoginAsync(browser, "alice"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        // A new provider process has forgotten every grant: the refresh token is refused.
        await bed.RestartProviderAsync(admins: ["admin"]);
        using var start = await browser.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server");

        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.Contains("log in again", await start.Content.ReadAsStringAsync(Cancel));
        var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", Cancel))!;
        Assert.Null(await bed.Hub.Services.GetRequiredService<AuthStateStore>().LoadAsync(user, Cancel));
    }

    [Fact]
    public async Task Logout_ends_the_hub_session_and_the_providers_through_its_end_session_endpoint()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        using var browser = bed.Hub.Browser();
        using (var login = await bed.LoginAsync(browser, "alice"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", Cancel))!;
        var idToken = (await bed.Hub.Services.GetRequiredService<AuthStateStore>().LoadAsync(user, Cancel))!.IdToken!;
        using var logout = await browser.PostFormAsync("/hub/logout", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var link = System.Text.RegularExpressions.Regex.Match(await logout.Content.ReadAsStringAsync(Cancel), "id=\"end-session\" href=\"([^\"]+)\"");
        var endSession = new Uri(WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Equal(new Uri(bed.Issuer, "/session/end").ToString(), endSession.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(endSession.Query);
        Assert.Equal(idToken, query["id_token_hint"]);
        Assert.Equal(new Uri(bed.Hub.Address!, "/hub/login").ToString(), query["post_logout_redirect_uri"]);
        using var me = await browser.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Null(await bed.Hub.Services.GetRequiredService<AuthStateStore>().LoadAsync(user, Cancel));
    }

    [Fact]
    public async Task No_token_code_or_secret_of_a_login_reaches_the_logs()
    {
        await using var bed = await OidcTestBed.StartAsync(environment, accessTokenSeconds: 30);
        using var browser = bed.Hub.Browser();
        var authorization = await bed.StartLoginAsync(browser);
        using var provider = new ProviderSession(bed.Issuer);
        var callback = await provider.AuthorizeAsync(authorization, "alice", OidcProviderProcess.TestPassword);
        using (var done = await browser.GetAsync(callback.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        var store = bed.Hub.Services.GetRequiredService<AuthStateStore>();
        var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", Cancel))!;
        var first = (await store.LoadAsync(user, Cancel))!;
        var refreshed = (await store.GetFreshAsync(user, Cancel))!;
        using (await browser.PostFormAsync("/hub/logout", new Dictionary<string, string>()))
        {
        }

        var parameters = System.Web.HttpUtility.ParseQueryString(callback.Query);
        string[] secrets =
        [
            first.AccessToken, first.RefreshToken!, first.IdToken!, refreshed.AccessToken, refreshed.RefreshToken!,
            parameters["code"]!, parameters["state"]!, bed.ClientSecret, OidcProviderProcess.TestPassword,
        ];
        var logs = string.Join('\n', bed.Hub.Logs.Lines);
        Assert.Contains("OIDC login of alice", logs);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs);
        }
    }

    internal static async Task AssertRefusedAsync(HubApp hub, HubBrowser browser, HttpResponseMessage response, string error, int sessionsBefore = 0)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("id=\"login-error\"", page);
        Assert.Contains(WebUtilityEncode(error), page);
        Assert.DoesNotContain(browser.LastSetCookies, c => c.StartsWith("lakehouse-session=", StringComparison.Ordinal));
        using var me = await browser.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(sessionsBefore, Convert.ToInt32(await ScalarAsync(hub, "SELECT count(*) FROM sessions", null), CultureInfo.InvariantCulture));
    }

    private static string WebUtilityEncode(string text) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    private static async Task<string> StoredAuthStateAsync(HubApp hub, User user)
    {
        var encrypted = await ScalarAsync(hub, "SELECT encrypted FROM auth_states WHERE user_id = @user_id", user.Id);
        return JsonSerializer.Serialize(Assert.IsType<string>(encrypted));
    }

    private static async Task<object?> ScalarAsync(HubApp hub, string sql, int? userId)
    {
        await using var connection = await hub.Services.GetRequiredService<HubDatabase>().OpenAsync(Cancel);
        await using var command = connection.CreateCommand(sql);
        if (userId is { } id)
        {
            command.AddParameter("@user_id", id);
        }

        return await command.ExecuteScalarAsync(Cancel);
    }
}
