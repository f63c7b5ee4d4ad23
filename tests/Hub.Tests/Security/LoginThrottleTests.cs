using System.Net;
using Lakehouse.Hub.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Security;

/// <summary>
/// The brute-force limit on <c>/hub/login</c>, on a real socket so that the client address is real (the route
/// controller's X-Forwarded-For stands for other clients, as it does in the platform).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class LoginThrottleTests(HubEnvironment environment)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Repeated_wrong_passwords_get_429_with_retry_after_for_that_client_only_until_the_window_ends()
    {
        await using var hub = new HubApp(environment, environment.NewHubFolder(), new Dictionary<string, string?>
        {
            ["Hub:LoginThrottle:MaxFailures"] = "3",
            ["Hub:LoginThrottle:Window"] = "00:00:10",
        }, kestrel: true);
        using var attacker = hub.Browser();
        attacker.ForwardedFor = "203.0.113.7";

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var wrong = await attacker.LoginAsync("alice", $"guess-{attempt}");
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        // Locked for this client: even the right password is not tried, and the answer says when to come back.
        using (var locked = await attacker.LoginAsync("alice", hub.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            var retryAfter = locked.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 10);
            Assert.Contains("Too many failed logins", await locked.Content.ReadAsStringAsync(Cancel));
            Assert.DoesNotContain(attacker.LastSetCookies, c => c.StartsWith("lakehouse-session=", StringComparison.Ordinal));
        }

        // The owner, from their own address, is not locked out; another account from the attacker's address neither.
        using (var owner = hub.Browser())
        {
            owner.ForwardedFor = "198.51.100.20";
            using var login = await owner.LoginAsync("alice", hub.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        using (var other = hub.Browser())
        {
            other.ForwardedFor = "203.0.113.7";
            using var login = await other.LoginAsync("bob", hub.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        // When the window has passed, the right password works again from the attacker's address too.
        await Lakehouse.Ldap.Tests.Infrastructure.Poll.UntilAsync(
            async () =>
            {
                using var retry = hub.Browser();
                retry.ForwardedFor = "203.0.113.7";
                using var login = await retry.LoginAsync("alice", hub.DemoPassword);
                return login.StatusCode == HttpStatusCode.Redirect;
            },
            TimeSpan.FromSeconds(60),
            "the lock to end",
            Cancel);
    }

    [Fact]
    public async Task Behind_tls_the_session_and_xsrf_cookies_are_secure()
    {
        await using var hub = new HubApp(environment, environment.NewHubFolder(), kestrel: true);
        using var browser = hub.Browser();
        browser.ForwardedProto = "https";

        using var response = await browser.LoginAsync("alice", hub.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        foreach (var name in new[] { "lakehouse-session=", "_xsrf=" })
        {
            var cookie = Assert.Single(browser.LastSetCookies, c => c.StartsWith(name, StringComparison.Ordinal));
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        }

        using var plain = hub.Browser();
        using var plainLogin = await plain.LoginAsync("alice", hub.DemoPassword);
        Assert.DoesNotContain(plain.LastSetCookies, c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }
}
