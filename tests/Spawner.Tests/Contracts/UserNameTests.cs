using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Tests.Contracts;

public sealed class UserNameTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("Alice", "alice")]
    [InlineData("data.team_1-x", "data.team_1-x")]
    [InlineData("0day", "0day")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345")]
    public void ValidNames_AreNormalizedToLowercase(string input, string expected)
    {
        Assert.True(UserName.TryNormalize(input, out var name, out var error), error);
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x", "'/'")]
    [InlineData("..", "must start with a letter or a digit")]
    [InlineData(".hidden", "must start with a letter or a digit")]
    [InlineData("a/b", "'/'")]
    [InlineData("al ice", "' '")]
    [InlineData("élise", "U+00E9")]
    [InlineData("\u212Aelvin", "U+212A")] // The Kelvin sign lowercases to 'k' in Unicode: it must not become "kelvin".
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "too long: 33 characters, at most 32")]
    [InlineData("a\nb", "U+000A")]
    public void InvalidNames_AreRefusedWithAReason(string input, string reason)
    {
        Assert.False(UserName.TryNormalize(input, out var name, out var error));
        Assert.Null(name);
        Assert.Contains(reason, error);
        Assert.Throws<ArgumentException>(() => UserName.Normalize(input));
    }

    [Fact]
    public void ErrorMessages_DoNotRepeatAHugeInput()
    {
        Assert.False(UserName.TryNormalize(new string('a', 10_000), out _, out var error));
        Assert.True(error.Length < 200, error);
    }

    [Fact]
    public void ExternalGroups_FollowTheLabContract()
    {
        var identity = new UserIdentity("alice", 10001, 10001, [new("alice", 10001), new("data", 20000)]);
        Assert.Equal("alice:10001,data:20000", identity.ExternalGroups);
    }
}
