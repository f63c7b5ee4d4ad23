using System.Net;
using System.Text;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Api;

[Collection(HubCollection.Name)]
public sealed class TokenTests(HubEnvironment environment)
{
    [Fact]
    public async Task A_token_is_shown_once_stored_only_hashed_works_and_is_revoked()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");

        var created = await HubApi.JsonAsync(
            await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens", new { note = "notebook script", expires_in = 3600 }),
            HttpStatusCode.Created);
        var secret = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        var listed = await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Get, "/hub/api/users/alice/tokens"));
        var one = await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Get, $"/hub/api/users/alice/tokens/{id}"));

        Assert.True(secret.Length >= 43, "A token carries 256 random bits.");
        Assert.Equal("notebook script", created.GetProperty("note").GetString());
        Assert.DoesNotContain(secret, listed.ToString());
        Assert.False(one.TryGetProperty("token", out _));
        Assert.Equal(secret[..4], one.GetProperty("prefix").GetString());

        using (var client = hub.TokenClient(secret))
        {
            var me = await HubApi.GetJsonAsync(client, "/hub/api/user");
            Assert.Equal("alice", me.GetProperty("name").GetString());
        }

        var stored = DatabaseText(hub);
        Assert.DoesNotContain(secret, stored);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored);

        using (var revoke = await alice.ApiAsync(HttpMethod.Delete, $"/hub/api/users/alice/tokens/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var revoked = hub.TokenClient(secret);
        using var refused = await revoked.GetAsync("/hub/api/user", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_token_page_creates_a_token_shown_once_and_revokes_it()
    {
        await using var hub = environment.StartHub();
        using var bob = await hub.LoginAsync("bob");

        using var created = await bob.PostFormAsync("/hub/token", new Dictionary<string, string> { ["note"] = "<script>x</script>" });
        var page = await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var secret = System.Text.RegularExpressions.Regex.Match(page, "<code id=\"new-token\">([^<]+)</code>").Groups[1].Value;
        var again = await bob.GetPageAsync("/hub/token");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.NotEmpty(secret);
        Assert.DoesNotContain(secret, again);
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", again);
        Assert.DoesNotContain("<script>x</script>", again);
        using (var client = hub.TokenClient(secret))
        {
            Assert.Equal("bob", (await HubApi.GetJsonAsync(client, "/hub/api/user")).GetProperty("name").GetString());
        }

        var id = System.Text.RegularExpressions.Regex.Match(again, "data-token=\"(a\\d+)\"").Groups[1].Value;
        using (var revoke = await bob.PostFormAsync($"/hub/token/{id}/revoke", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        }

        using var revoked = hub.TokenClient(secret);
        using var refused = await revoked.GetAsync("/hub/api/user", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>The database and its write-ahead log, as text: whatever a leaked backup would show.</summary>
    private static string DatabaseText(HubApp hub)
    {
        var text = new StringBuilder();
        foreach (var file in new[] { hub.DatabasePath, hub.DatabasePath + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
