using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Tests;

public class ResourceNameTests
{
    [Theory]
    [InlineData("hub")]
    [InlineData("route-controller")]
    [InlineData("a1")]
    public void Accepts_aspire_style_names(string name) => Assert.True(ResourceName.IsValid(name, out _));

    [Theory]
    [InlineData("")]
    [InlineData("1hub")]
    [InlineData("route--controller")]
    [InlineData("hub-")]
    [InlineData("hub_1")]
    [InlineData("hüb")]
    public void Rejects_names_aspire_rejects(string name)
    {
        Assert.False(ResourceName.IsValid(name, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void Rejects_names_over_64_characters() =>
        Assert.False(ResourceName.IsValid("a" + new string('b', 64), out _));
}
