using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>The hub's ID-token checks, against a provider whose tokens are wrong in one way each.</summary>
[Collection(HubCollection.Name)]
public sealed class OidcIdTokenTests(HubEnvironment environment)
{
    [Theory]
    [InlineData(IdTokenFlaw.WrongAudience, "the ID token is meant for another client")]
    [InlineData(IdTokenFlaw.WrongIssuer, "the ID token was issued by another issuer")]
    [InlineData(IdTokenFlaw.Expired, "the ID token has expired")]
    [InlineData(IdTokenFlaw.TamperedSignature, "the ID token's signature is invalid")]
    [InlineData(IdTokenFlaw.SignedByAnotherKey, "the ID token's signature is invalid")]
    [InlineData(IdTokenFlaw.WrongNonce, "the ID token does not carry this login's nonce")]
    [InlineData(IdTokenFlaw.Unsigned, "the ID token")]
    public async Task A_flawed_id_token_is_refused_with_a_clear_error_and_no_session(IdTokenFlaw flaw, string error)
    {
        await using var provider = await CraftedTokenProvider.StartAsync();
        provider.Flaw = flaw;
        await using var hub = StartHub(provider);
        using var browser = hub.Browser();

        using var response = await LoginAsync(browser);

        await OidcLoginTests.AssertRefusedAsync(hub, browser, response, "Login refused: " + error);
    }

    [Fact]
    public async Task The_same_provider_with_a_right_id_token_logs_the_user_in()
    {
        await using var provider = await CraftedTokenProvider.StartAsync();
        await using var hub = StartHub(provider);
        using var browser = hub.Browser();

        using var response = await LoginAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var me = await browser.ApiAsync(HttpMethod.Get, "/hub/api/user");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private HubApp StartHub(CraftedTokenProvider provider) =>
        new(environment, environment.NewHubFolder(), OidcProviderProcess.HubSettings(provider.Issuer, CraftedTokenProvider.ClientSecret), kestrel: true);

    private static async Task<HttpResponseMessage> LoginAsync(HubBrowser browser)
    {
        using var start = await browser.GetAsync("/hub/oauth_login");
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, await start.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var authorize = await http.GetAsync(start.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        return await browser.GetAsync(authorize.Headers.Location!.PathAndQuery);
    }
}
