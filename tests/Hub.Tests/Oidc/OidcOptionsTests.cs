using Lakehouse.Hub.Extensions;
using Lakehouse.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.Hub.Tests.Oidc;

/// <summary>An OIDC hub with a setting that cannot work does not start, and says which key is wrong.</summary>
[Collection(HubCollection.Name)]
public sealed class OidcOptionsTests(HubEnvironment environment)
{
    [Theory]
    [InlineData("Authentication:Oidc:AuthStateKey", "too-short", "AuthStateKey must have at least 32 characters")]
    [InlineData("Authentication:Oidc:ClientSecret", "", "ClientSecret is required")]
    [InlineData("Authentication:Oidc:Authority", "not a url", "Authority must be the provider's http(s) issuer URL")]
    [InlineData("Authentication:Oidc:RequireHttpsMetadata", "true", "must be https unless RequireHttpsMetadata is false")]
    [InlineData("Authentication:Provider", "kerberos", "Authentication:Provider must be 'ldap' or 'oidc'")]
    public async Task A_bad_setting_stops_the_hub_at_start_naming_the_key(string key, string value, string message)
    {
        var settings = OidcProviderProcess.HubSettings(new Uri("http://127.0.0.1:9/"), "a-client-secret");
        settings[key] = value;

        var failure = await Lakehouse.Testing.ServiceStartFailure.OfAsync(HubApp.Settings(environment, environment.NewHubFolder(), settings), builder =>
        {
            builder.AddServiceDefaults();
            builder.AddHubServices();
        }, TestContext.Current.CancellationToken);

        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public async Task An_ldap_hub_needs_no_oidc_settings_and_an_oidc_hub_no_ldap_settings()
    {
        await using (var ldapHub = environment.StartHub())
        {
            using var client = ldapHub.Anonymous();
            var page = await client.GetStringAsync("/hub/login", TestContext.Current.CancellationToken);
            Assert.Contains("name=\"password\"", page);
        }

        var settings = OidcProviderProcess.HubSettings(new Uri("http://127.0.0.1:9/"), "a-client-secret");
        settings["ConnectionStrings:ldap"] = null;
        settings["Authentication:Ldap:BaseDn"] = null;
        await using var oidcHub = new HubApp(environment, environment.NewHubFolder(), settings);
        using var anonymous = oidcHub.Anonymous();
        var login = await anonymous.GetStringAsync("/hub/login", TestContext.Current.CancellationToken);
        Assert.Contains("id=\"oidc-login\"", login);
        Assert.DoesNotContain("name=\"password\"", login);
        using var post = await anonymous.PostAsync("/hub/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "alice" }), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
