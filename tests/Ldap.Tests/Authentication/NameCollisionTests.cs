using Lakehouse.Hub.Authentication;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>Two directory entries, <c>Carol</c> and <c>carol</c>, normalize to one name: refused, never merged.</summary>
public sealed class NameCollisionTests(CollidingNamesFixture directory) : IClassFixture<CollidingNamesFixture>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("carol")]
    [InlineData("Carol")]
    [InlineData("CAROL")]
    public async Task Binding_as_carol_with_her_password_is_refused_because_carol_collides(string typed)
    {
        var (authenticator, logs) = directory.CreateAuthenticator();

        var result = await authenticator.AuthenticateAsync(typed, directory.LowerPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.NameCollision, result.Failure);
        Assert.Contains("More than one directory entry", result.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("carol", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(directory.LowerPassword, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public async Task Search_then_bind_refuses_either_carol_after_her_right_password(string which)
    {
        var settings = new Dictionary<string, string?>(directory.ServiceAccount()) { ["Authentication:Ldap:LookupDn"] = "true" };
        var (authenticator, _) = directory.CreateAuthenticator(settings);

        var result = await authenticator.AuthenticateAsync(
            "carol", which == "lower" ? directory.LowerPassword : directory.UpperPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.NameCollision, result.Failure);
    }

    [Fact]
    public async Task A_wrong_password_for_a_colliding_name_says_only_wrong_password()
    {
        var settings = new Dictionary<string, string?>(directory.ServiceAccount()) { ["Authentication:Ldap:LookupDn"] = "true" };
        var (lookup, _) = directory.CreateAuthenticator(settings);
        var (template, _) = directory.CreateAuthenticator();

        var byLookup = await lookup.AuthenticateAsync("carol", "not-" + directory.LowerPassword, CancellationToken);
        // The template binds uid=carol: the other Carol's password is a wrong one for this entry.
        var byTemplate = await template.AuthenticateAsync("Carol", directory.UpperPassword, CancellationToken);

        Assert.Equal(AuthenticationFailure.InvalidCredentials, byLookup.Failure);
        Assert.Equal(AuthenticationFailure.InvalidCredentials, byTemplate.Failure);
    }

    [Fact]
    public async Task The_user_directory_refuses_carol_and_says_why()
    {
        var (users, _) = directory.CreateDirectory(directory.ServiceAccount());

        var carol = await users.FindAsync("carol", CancellationToken);

        Assert.Equal(UserLookupFailure.Refused, carol.Failure);
        Assert.Contains("never merged", carol.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_names_are_not_affected()
    {
        var (authenticator, _) = directory.CreateAuthenticator();

        var alice = await authenticator.AuthenticateAsync("alice", directory.DemoPassword, CancellationToken);

        Assert.True(alice.Succeeded, alice.Message);
    }
}
