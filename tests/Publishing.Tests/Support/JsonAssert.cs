using System.Text.Json.Nodes;

namespace Lakehouse.Publishing.Tests.Support;

public static class JsonAssert
{
    /// <summary>Structural equality (property order aside), showing both sides on failure.</summary>
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }
}
