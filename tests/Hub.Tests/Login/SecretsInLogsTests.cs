using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Login;

[Collection(HubCollection.Name)]
public sealed class SecretsInLogsTests(HubEnvironment environment)
{
    [Fact]
    public async Task Passwords_session_cookies_and_tokens_never_reach_the_logs()
    {
        await using var hub = environment.StartHub();
        using var alice = await hub.LoginAsync("alice");
        using (var wrong = hub.Browser())
        using (await wrong.LoginAsync("bob", "a-wrong-password-to-look-for"))
        {
        }

        var token = (await HubApi.JsonAsync(await alice.ApiAsync(HttpMethod.Post, "/hub/api/users/alice/tokens"), HttpStatusCode.Created))
            .GetProperty("token").GetString()!;
        using (var client = hub.TokenClient(token))
        {
            await HubApi.GetJsonAsync(client, "/hub/api/user");
        }

        using (var bad = hub.TokenClient("an-unknown-token-to-look-for"))
        using (await bad.GetAsync("/hub/api/user", TestContext.Current.CancellationToken))
        {
        }

        var logs = string.Join('\n', hub.Logs.Lines);
        Assert.Contains("alice logged in", logs);
        foreach (var secret in new[] { hub.DemoPassword, "a-wrong-password-to-look-for", alice.Cookies["lakehouse-session"], alice.Xsrf!, token, "an-unknown-token-to-look-for", HubApp.OperatorToken, SpawnerProcess.HubToken })
        {
            Assert.DoesNotContain(secret, logs);
        }
    }
}
