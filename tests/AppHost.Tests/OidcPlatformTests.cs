using System.Text.RegularExpressions;
using Lakehouse.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lakehouse.AppHost.Tests;

/// <summary>The real AppHost with <c>--identity oidc</c>: the local OpenID provider runs, and the hub logs in through it.</summary>
public sealed class OidcAppHostProcess() : AppHostProcess(["--identity", "oidc"], [.. Services, "oidc-provider"]);

[CollectionDefinition(Name)]
public sealed class OidcPlatformCollection : ICollectionFixture<OidcAppHostProcess>
{
    public const string Name = "platform-oidc";
}

[Collection(OidcPlatformCollection.Name)]
public sealed class OidcPlatformTests(OidcAppHostProcess appHost, ChromiumBrowser chromium)
{
    [Fact]
    public async Task With_identity_oidc_a_demo_user_signs_in_at_the_local_provider_through_the_proxy_and_logs_out_there_too()
    {
        var proxy = await appHost.GetPublicUrlAsync(TestContext.Current.CancellationToken);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(proxy.AbsoluteUri);
        await Expect(page).ToHaveURLAsync(new Regex("/hub/login"));
        await page.ClickAsync("#oidc-login");
        // The provider's own form, on another port than the proxy's.
        await Expect(page).ToHaveURLAsync(new Regex("/interaction/"));
        Assert.NotEqual(proxy.Port, new Uri(page.Url).Port);
        await page.FillAsync("input[name=username]", "admin");
        await page.FillAsync("input[name=password]", appHost.DemoPassword);
        await page.ClickAsync("button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(proxy.AbsoluteUri)}hub/home$"));
        await Expect(page.Locator("header .who")).ToHaveTextAsync("admin");
        // The demo admin group came from the provider's groups claim.
        await Expect(page.Locator("header a[href='/hub/admin']")).ToBeVisibleAsync();

        await page.ClickAsync("header form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(proxy.AbsoluteUri)}hub/login$"));
        await page.ClickAsync("#oidc-login");
        await Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
    }
}
