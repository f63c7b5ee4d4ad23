using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>Equality field selectors (<c>metadata.name=x</c>, <c>involvedObject.uid=u</c>, <c>!=</c>), on any string field.</summary>
public static class FieldSelector
{
    public static Func<JsonObject, bool> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return _ => true;
        }

        var tests = text.Split(',').Select(part =>
        {
            var negate = part.Contains("!=", StringComparison.Ordinal);
            var pieces = part.Split(negate ? "!=" : part.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (pieces.Length != 2)
            {
                throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            var path = pieces[0].Trim().Split('.');
            var expected = pieces[1].Trim();
            return (Func<JsonObject, bool>)(item =>
            {
                JsonNode? node = item;
                foreach (var step in path)
                {
                    node = node?[step];
                }

                var actual = node is JsonValue value ? value.ToString() : "";
                return (actual == expected) != negate;
            });
        }).ToList();
        return item => tests.All(t => t(item));
    }
}
