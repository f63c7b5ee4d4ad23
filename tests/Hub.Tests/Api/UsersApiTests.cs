using System.Net;
using System.Net.Http.Json;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Api;

[Collection(HubCollection.Name)]
public sealed class UsersApiTests(HubEnvironment environment)
{
    [Fact]
    public async Task Users_are_paginated_with_offset_and_limit_capped_at_200()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        var names = Enumerable.Range(0, 205).Select(i => $"user{i:D3}").ToList();
        using (var created = await client.PostAsJsonAsync("/hub/api/users", new { usernames = names }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(205, (await HubApi.JsonAsync(created, HttpStatusCode.Created)).GetArrayLength());
        }

        var page = await HubApi.GetJsonAsync(client, "/hub/api/users?offset=2&limit=3");
        var all = await HubApi.GetJsonAsync(client, "/hub/api/users?limit=500");
        var first = await HubApi.GetJsonAsync(client, "/hub/api/users");
        var filtered = await HubApi.GetJsonAsync(client, "/hub/api/users?name_filter=user20");

        Assert.Equal(["user002", "user003", "user004"], page.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.Equal(200, all.GetArrayLength());
        Assert.Equal(50, first.GetArrayLength());
        Assert.Equal(["user200", "user201", "user202", "user203", "user204"], filtered.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        var user = page[0];
        Assert.False(user.GetProperty("admin").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, user.GetProperty("server").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, user.GetProperty("pending").ValueKind);
        Assert.Empty(user.GetProperty("servers").EnumerateObject());

        using (var unknownState = await client.GetAsync("/hub/api/users?state=sleeping", TestContext.Current.CancellationToken))
        {
            Assert.Contains("use active, inactive or ready", await HubApi.MessageAsync(unknownState, HttpStatusCode.BadRequest));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/hub/api/users?offset=200&limit=3");
        request.Headers.Accept.ParseAdd("application/jupyterhub-pagination+json");
        using var paginated = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await HubApi.JsonAsync(paginated);
        Assert.Equal(205, body.GetProperty("_pagination").GetProperty("total").GetInt32());
        Assert.Equal(203, body.GetProperty("_pagination").GetProperty("next").GetProperty("offset").GetInt32());
        Assert.Equal(3, body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Creating_an_existing_user_is_409_and_uppercase_names_are_lowercased()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();

        using var created = await client.PostAsync("/hub/api/users/Carol", null, TestContext.Current.CancellationToken);
        using var again = await client.PostAsync("/hub/api/users/carol", null, TestContext.Current.CancellationToken);
        using var batchAgain = await client.PostAsJsonAsync("/hub/api/users", new { usernames = new[] { "CAROL" } }, TestContext.Current.CancellationToken);

        Assert.Equal("carol", (await HubApi.JsonAsync(created, HttpStatusCode.Created)).GetProperty("name").GetString());
        Assert.Contains("already exists", await HubApi.MessageAsync(again, HttpStatusCode.Conflict));
        Assert.Equal(HttpStatusCode.Conflict, batchAgain.StatusCode);
        var user = await HubApi.GetJsonAsync(client, "/hub/api/users/CAROL");
        Assert.Equal("carol", user.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("../x", "'/'")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "too long")]
    [InlineData("ålice", "U+00E5")]
    [InlineData("-alice", "must start with a letter or a digit")]
    [InlineData("", "empty")]
    public async Task Invalid_names_get_a_clear_400_and_nothing_is_created(string name, string reason)
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();

        using var batch = await client.PostAsJsonAsync("/hub/api/users", new { usernames = new[] { "dave", name } }, TestContext.Current.CancellationToken);

        Assert.Contains(reason, await HubApi.MessageAsync(batch, HttpStatusCode.BadRequest));
        Assert.Equal("[]", await client.GetStringAsync("/hub/api/users", TestContext.Current.CancellationToken));
        if (name.Length > 0 && !name.Contains('/'))
        {
            using var single = await client.PostAsync($"/hub/api/users/{Uri.EscapeDataString(name)}", null, TestContext.Current.CancellationToken);
            Assert.Contains(reason, await HubApi.MessageAsync(single, HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task A_traversal_in_the_path_is_refused()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();

        using var response = await client.GetAsync("/hub/api/users/..%2Fx", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Admins_patch_and_delete_users()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        using (await client.PostAsync("/hub/api/users/erin", null, TestContext.Current.CancellationToken))
        {
        }

        using var patched = await client.PatchAsJsonAsync("/hub/api/users/erin", new { admin = true, name = "Erin2" }, TestContext.Current.CancellationToken);
        var erin = await HubApi.JsonAsync(patched);
        using var deleted = await client.DeleteAsync("/hub/api/users/erin2", TestContext.Current.CancellationToken);
        using var gone = await client.GetAsync("/hub/api/users/erin2", TestContext.Current.CancellationToken);

        Assert.Equal("erin2", erin.GetProperty("name").GetString());
        Assert.True(erin.GetProperty("admin").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Oversize_bodies_get_413()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        var huge = new string('a', 2 * 1024 * 1024);

        using var response = await client.PostAsJsonAsync("/hub/api/users", new { usernames = new[] { huge } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Groups_hold_users_and_show_in_the_user_model()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        using (await client.PostAsJsonAsync("/hub/api/users", new { usernames = new[] { "gina", "hank" } }, TestContext.Current.CancellationToken))
        {
        }

        using var created = await client.PostAsJsonAsync("/hub/api/groups/data-team", new { users = new[] { "gina" } }, TestContext.Current.CancellationToken);
        using var added = await client.PostAsJsonAsync("/hub/api/groups/data-team/users", new { users = new[] { "Hank" } }, TestContext.Current.CancellationToken);
        using var unknown = await client.PostAsJsonAsync("/hub/api/groups/data-team/users", new { users = new[] { "nobody" } }, TestContext.Current.CancellationToken);
        using var removeRequest = new HttpRequestMessage(HttpMethod.Delete, "/hub/api/groups/data-team/users") { Content = JsonContent.Create(new { users = new[] { "gina" } }) };
        using var removed = await client.SendAsync(removeRequest, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["gina", "hank"], (await HubApi.JsonAsync(added)).GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        Assert.Contains("nobody", await HubApi.MessageAsync(unknown, HttpStatusCode.BadRequest));
        Assert.Equal(["hank"], (await HubApi.JsonAsync(removed)).GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        var hank = await HubApi.GetJsonAsync(client, "/hub/api/users/hank");
        Assert.Equal(["data-team"], hank.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        // A page of users reads every user's groups at once.
        var listed = (await HubApi.GetJsonAsync(client, "/hub/api/users")).EnumerateArray()
            .ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("groups").EnumerateArray().Select(g => g.GetString()).ToList());
        Assert.Equal(["data-team"], listed["hank"]);
        Assert.Empty(listed["gina"]);
        using var deleted = await client.DeleteAsync("/hub/api/groups/data-team", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/hub/api/groups", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_page_counts_users_not_their_group_memberships()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Operator();
        using (await client.PostAsJsonAsync("/hub/api/users", new { usernames = new[] { "ivy", "jon", "kim", "lou" } }, TestContext.Current.CancellationToken))
        {
        }

        foreach (var group in new[] { "red", "blue" })
        {
            using var created = await client.PostAsJsonAsync($"/hub/api/groups/{group}", new { users = new[] { "ivy", "jon" } }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = (await HubApi.GetJsonAsync(client, "/hub/api/users?offset=1&limit=2")).EnumerateArray()
            .Select(u => (Name: u.GetProperty("name").GetString(), Groups: u.GetProperty("groups").EnumerateArray().Select(g => g.GetString()).ToList()))
            .ToList();

        Assert.Equal(["jon", "kim"], page.Select(u => u.Name));
        Assert.Equal(["blue", "red"], page[0].Groups);
        Assert.Empty(page[1].Groups);
    }

    [Fact]
    public async Task Version_and_health_answer_without_login()
    {
        await using var hub = environment.StartHub();
        using var client = hub.Anonymous();

        var root = await HubApi.GetJsonAsync(client, "/hub/api/");
        using var health = await client.GetAsync("/hub/health", TestContext.Current.CancellationToken);
        using var users = await client.GetAsync("/hub/api/users", TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, users.StatusCode);
    }
}
