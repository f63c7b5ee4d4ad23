using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Hub.Oidc;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Hub.Users;
using Lakehouse.Spawner.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>The OIDC login as a user sees it, in Chromium, and the access token handed to the user's server.</summary>
[Collection(HubCollection.Name)]
public sealed class OidcBrowserTests(HubEnvironment environment)
{
    [Fact]
    public async Task In_chromium_a_user_signs_in_at_the_provider_lands_home_and_logout_ends_the_providers_session_too()
    {
        await using var bed = await OidcTestBed.StartAsync(environment);
        await using var chromium = new ChromiumBrowser();
        await chromium.InitializeAsync();
        var context = await chromium.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(bed.Hub.Address!, "/hub/home").ToString());
            Assert.Contains("/hub/login", page.Url);
            await page.ClickAsync("#oidc-login");

            // The provider's own login form, on the provider's address.
            await page.WaitForURLAsync($"{bed.Issuer.ToString().TrimEnd('/')}/interaction/**");
            await page.FillAsync("input[name=username]", "alice");
            await page.FillAsync("input[name=password]", OidcProviderProcess.TestPassword);
            await page.ClickAsync("button[type=submit]");

            await page.WaitForURLAsync(new Uri(bed.Hub.Address!, "/hub/home").ToString());
            await Assertions.Expect(page.Locator("header .who")).ToHaveTextAsync("alice");
            var cookies = await context.CookiesAsync([bed.Hub.Address!.ToString()]);
            Assert.Contains(cookies, c => c.Name == "lakehouse-session" && c.HttpOnly);

            // Logout goes through the provider's end-session endpoint and comes back to the hub's login page.
            await page.ClickAsync("header form button[type=submit]");
            await page.WaitForURLAsync(new Uri(bed.Hub.Address!, "/hub/login").ToString());
            await Assertions.Expect(page.Locator("#oidc-login")).ToBeVisibleAsync();

            // The provider's session ended as well: signing in again asks for the password.
            await page.ClickAsync("#oidc-login");
            await page.WaitForURLAsync($"{bed.Issuer.ToString().TrimEnd('/')}/interaction/**");
            await Assertions.Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task When_the_operator_allows_it_the_users_server_gets_a_fresh_access_token_in_its_environment()
    {
        await environment.Spawner.StopAndWaitAsync("alice");
        await using var bed = await OidcTestBed.StartAsync(
            environment, new Dictionary<string, string?> { ["Authentication:Oidc:PassAccessTokenToServer"] = "true" }, accessTokenSeconds: 30);
        await bed.Hub.SynchronizedAsync();
        using var browser = bed.Hub.Browser();
        using (var login = await bed.LoginAsync(browser, "alice"))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        try
        {
            using var start = await browser.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/server");
            Assert.True(start.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Created, await start.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            using var spawner = new HttpClient { BaseAddress = environment.Spawner.Address };
            spawner.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SpawnerProcess.HubToken);
            ServerStatus? status = null;
            await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(async () =>
            {
                status = await spawner.GetFromJsonAsync<ServerStatus>("/api/servers/alice", ContractJson.Options, TestContext.Current.CancellationToken);
                // Ready, not merely forked: a child read before it execs still carries the spawner's own environment.
                return status is { State: ServerState.Running, Pid: not null };
            }, TimeSpan.FromSeconds(120), "alice's server to be ready", TestContext.Current.CancellationToken);

            var token = LinuxProcesses.Environment(status!.Pid!.Value).GetValueOrDefault("OIDC_ACCESS_TOKEN");
            Assert.False(string.IsNullOrEmpty(token));
            // Stale at login (30 s, refreshed 60 s ahead), so the server got the refreshed one that the hub stored.
            var user = (await bed.Hub.Services.GetRequiredService<UserService>().FindAsync("alice", TestContext.Current.CancellationToken))!;
            Assert.Equal((await bed.Hub.Services.GetRequiredService<AuthStateStore>().LoadAsync(user, TestContext.Current.CancellationToken))!.AccessToken, token);
            using var http = new HttpClient();
            using var userInfo = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Issuer, "/me"));
            userInfo.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var answer = await http.SendAsync(userInfo, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        finally
        {
            await environment.Spawner.StopAndWaitAsync("alice");
        }
    }
}
