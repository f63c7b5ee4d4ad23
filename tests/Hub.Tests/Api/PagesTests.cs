using System.Net;
using System.Text.RegularExpressions;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Api;

[Collection(HubCollection.Name)]
public sealed partial class PagesTests(HubEnvironment environment)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/hub/")]
    [InlineData("/hub/home")]
    [InlineData("/hub/admin")]
    [InlineData("/hub/token")]
    public async Task Signed_out_visitors_are_sent_to_the_login_page(string path)
    {
        await using var hub = environment.StartHub();
        using var browser = hub.Browser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/hub/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_admin_page_lists_users_by_page_adds_grants_and_deletes_and_is_for_admins_only()
    {
        await using var hub = environment.StartHub();
        using var admin = await hub.LoginAsync("admin");
        using var bob = await hub.LoginAsync("bob");
        using var operatorClient = hub.Operator();
        using (await operatorClient.PostAsync("/hub/api/users", System.Net.Http.Json.JsonContent.Create(new { usernames = Enumerable.Range(0, 60).Select(i => $"p{i:D2}") }), TestContext.Current.CancellationToken))
        {
        }

        using (var refused = await bob.GetAsync("/hub/admin"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var first = await admin.GetPageAsync("/hub/admin");
        Assert.Equal(50, UserRow().Matches(first).Count);
        Assert.Contains("href=\"/hub/admin?offset=50\"", first);
        var second = await admin.GetPageAsync("/hub/admin?offset=50");
        Assert.Equal(12, UserRow().Matches(second).Count);

        using (var invalid = await admin.PostFormAsync("/hub/admin/users", new Dictionary<string, string> { ["usernames"] = "ok-name\n<b>bad</b>" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var page = await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("&lt;b&gt;bad&lt;/b&gt;", page);
            Assert.DoesNotContain("<b>bad</b>", page);
        }

        using (var add = await admin.PostFormAsync("/hub/admin/users", new Dictionary<string, string> { ["usernames"] = "Quinn" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        }

        using (var grant = await admin.PostFormAsync("/hub/admin/users/quinn/admin", new Dictionary<string, string> { ["admin"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);
        }

        Assert.True((await HubApi.GetJsonAsync(operatorClient, "/hub/api/users/quinn")).GetProperty("admin").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/hub/api/users/ok-name", TestContext.Current.CancellationToken)).StatusCode);

        using (var noToken = await admin.PostFormAsync("/hub/admin/users/quinn/delete", new Dictionary<string, string>(), withXsrf: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        using (var delete = await admin.PostFormAsync("/hub/admin/users/quinn/delete", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/hub/api/users/quinn", TestContext.Current.CancellationToken)).StatusCode);
    }

    [GeneratedRegex("<tr data-user=")]
    private static partial Regex UserRow();
}
