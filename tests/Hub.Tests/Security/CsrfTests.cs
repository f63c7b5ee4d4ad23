using System.Net;
using System.Text.RegularExpressions;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Security;

/// <summary>Every form the hub's pages show refuses a post without its CSRF token, or with another session's, and changes nothing.</summary>
[Collection(HubCollection.Name)]
public sealed partial class CsrfTests(HubEnvironment environment)
{
    [Fact]
    public async Task Every_form_on_every_page_refuses_a_post_without_its_own_csrf_token()
    {
        await using var hub = environment.StartHub();
        using var admin = await hub.LoginAsync("admin");
        using var other = await hub.LoginAsync("alice");
        using (await admin.PostFormAsync("/hub/token", new Dictionary<string, string> { ["note"] = "kept" }))
        {
        }

        var forms = new List<(string Action, Dictionary<string, string> Fields)>();
        foreach (var page in new[] { "/hub/home", "/hub/token", "/hub/admin" })
        {
            var html = await admin.GetPageAsync(page);
            foreach (Match form in FormPattern().Matches(html))
            {
                var fields = InputPattern().Matches(form.Groups["body"].Value)
                    .Where(i => i.Groups["name"].Value != "_xsrf")
                    .ToDictionary(i => i.Groups["name"].Value, i => WebUtility.HtmlDecode(i.Groups["value"].Value));
                forms.Add((WebUtility.HtmlDecode(form.Groups["action"].Value), fields));
            }
        }

        // Logout, start, token create and revoke, admin add/delete/grant: all must be among them.
        Assert.True(forms.Count >= 6, string.Join(", ", forms.Select(f => f.Action)));
        var usersBefore = await UsersAsync(hub);
        var tokensBefore = await admin.GetPageAsync("/hub/token");
        foreach (var (action, fields) in forms)
        {
            using (var missing = await admin.PostFormAsync(action, fields, withXsrf: false))
            {
                Assert.True(missing.StatusCode == HttpStatusCode.Forbidden, $"{action} without _xsrf: {(int)missing.StatusCode}");
            }

            var forged = new Dictionary<string, string>(fields) { ["_xsrf"] = other.Xsrf! };
            using var wrong = await admin.PostFormAsync(action, forged, withXsrf: false);
            Assert.True(wrong.StatusCode == HttpStatusCode.Forbidden, $"{action} with another session's _xsrf: {(int)wrong.StatusCode}");
        }

        Assert.Equal(usersBefore, await UsersAsync(hub));
        Assert.Equal(
            TokenRows().Matches(tokensBefore).Select(m => m.Value),
            TokenRows().Matches(await admin.GetPageAsync("/hub/token")).Select(m => m.Value));
    }

    private static async Task<string> UsersAsync(HubApp hub)
    {
        using var client = hub.Operator();
        return await client.GetStringAsync("/hub/api/users", TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*action=\"(?<action>[^\"]+)\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<(?:input|textarea)[^>]*name=\"(?<name>[^\"]+)\"(?:[^>]*value=\"(?<value>[^\"]*)\")?")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<tr data-token=\"[^\"]+\">")]
    private static partial Regex TokenRows();
}
