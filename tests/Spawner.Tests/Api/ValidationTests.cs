using System.Net;
using System.Net.Http.Json;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Lakehouse.Spawner.Tests.Api;

/// <summary>Bad input gets a clear 400 and starts nothing.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private readonly StateFolder _state = new();
    private SpawnerApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new SpawnerApp(_state);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("..%2Fx", "'%'")]
    [InlineData("%C3%A9lise", "U+00E9")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "too long")]
    [InlineData(".hidden", "must start with a letter or a digit")]
    public async Task BadNamesInTheUrl_Answer400WithTheReason(string urlName, string reason)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var start = await _app.Hub.PostAsJsonAsync($"/api/servers/{urlName}", new StartServerRequest(TestUsers.Alice), cancellationToken);
        using var get = await _app.Hub.GetAsync($"/api/servers/{urlName}", cancellationToken);
        using var stop = await _app.Hub.DeleteAsync($"/api/servers/{urlName}", cancellationToken);

        foreach (var response in new[] { start, get, stop })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
            Assert.Contains(reason, problem!.Detail);
        }

        await AssertNothingStartedAsync();
    }

    [Theory]
    [InlineData("../x", "'/'")]
    [InlineData("bob", "The identity is for 'bob' but the request is for the server of 'alice'")]
    [InlineData("al\u00EFce", "U+00EF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "too long: 33 characters, at most 32")]
    public async Task BadNamesInTheIdentity_Answer400WithTheReason(string identityName, string reason)
    {
        await AssertRefusedAsync(new StartServerRequest(TestUsers.Alice with { Name = identityName }), reason);
    }

    [Theory]
    [InlineData(0, 10001, "uid 0 is refused")]
    [InlineData(33, 10001, "uid 33 is refused")]
    [InlineData(10001, 0, "gid 0 is refused")]
    [InlineData(10001, 6, "gid 6 is refused")]
    public async Task SystemAndRootIds_Answer400(int uid, int gid, string reason)
    {
        await AssertRefusedAsync(new StartServerRequest(TestUsers.Alice with { Uid = uid, Gid = gid }), reason);
    }

    [Theory]
    [InlineData("wheel", 0)]
    [InlineData("adm", 4)]
    [InlineData("disk", 6)]
    [InlineData("shadow", 42)]
    [InlineData("users", 100)]
    [InlineData("justbelow", 999)]
    public async Task ASystemGroup_Answers400_NamingTheGid(string group, int gid)
    {
        await AssertRefusedAsync(
            new StartServerRequest(TestUsers.Alice with { Groups = [new("alice", 10001), new(group, gid)] }),
            $"Group '{group}' has gid {gid}, which is refused");
    }

    [Fact]
    public async Task AGroupNamedWithASeparator_Answers400()
    {
        await AssertRefusedAsync(new StartServerRequest(TestUsers.Alice with { Groups = [new("data,evil:0", 20000)] }), "','");
    }

    [Theory]
    [InlineData("LD_PRELOAD", "LD_PRELOAD is set by the spawner")]
    [InlineData("EXTERNAL_UID", "EXTERNAL_UID is set by the spawner")]
    [InlineData("JUPYTERHUB_USER", "JUPYTERHUB_USER is set by the spawner")]
    [InlineData("HOME", "HOME is set by the spawner")]
    [InlineData("BAD-NAME", "is not an environment variable name")]
    public async Task EnvironmentEntriesThatOverrideTheIdentityOrTheLoader_Answer400(string key, string reason)
    {
        await AssertRefusedAsync(new StartServerRequest(TestUsers.Alice, new Dictionary<string, string> { [key] = "x" }), reason);
    }

    [Fact]
    public async Task ABodyThatIsNotJson_Answers400()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _app.Hub.PostAsync("/api/servers/alice", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains("The body is not a start request", problem!.Detail);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task AnUnknownServer_Is404()
    {
        using var get = await _app.Hub.GetAsync("/api/servers/nobody", TestContext.Current.CancellationToken);
        using var stop = await _app.Hub.DeleteAsync("/api/servers/nobody", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
    }

    private async Task AssertRefusedAsync(StartServerRequest request, string reason)
    {
        using var response = await _app.Hub.PostAsJsonAsync("/api/servers/alice", request, ContractJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains(reason, problem!.Detail);
        await AssertNothingStartedAsync();
    }

    private async Task AssertNothingStartedAsync()
    {
        Assert.Empty(await _app.ListAsync());
        Assert.False(Directory.Exists(Path.Combine(_state.Path, "homes")), "No home may be created for a refused request.");
        Assert.Empty(_state.ProcessesStartedHere());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
