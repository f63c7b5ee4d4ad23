using System.Globalization;

namespace Lakehouse.LogShipper.Parsing;

/// <summary>
/// A line in the CRI log format (<c>2025-01-01T00:00:00.000000000Z stdout F text</c>): timestamp, stream, and
/// <c>P</c> for a partial line the runtime split (continued by the next line) or <c>F</c> for the final part.
/// </summary>
public readonly record struct CriLine(DateTimeOffset Timestamp, string Stream, bool Partial, string Text)
{
    public static bool TryParse(string line, out CriLine parsed)
    {
        parsed = default;
        var firstSpace = line.IndexOf(' ');
        if (firstSpace < 20)
        {
            return false;
        }

        var rest = line.AsSpan(firstSpace + 1);
        string stream;
        if (rest.StartsWith("stdout ", StringComparison.Ordinal))
        {
            stream = "stdout";
        }
        else if (rest.StartsWith("stderr ", StringComparison.Ordinal))
        {
            stream = "stderr";
        }
        else
        {
            return false;
        }

        rest = rest[7..];
        if (rest.Length < 1 || rest[0] is not ('P' or 'F') || (rest.Length > 1 && rest[1] != ' '))
        {
            return false;
        }

        // RFC 3339; nanoseconds round to .NET's 100 ns ticks.
        if (!DateTimeOffset.TryParse(line.AsSpan(0, firstSpace), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return false;
        }

        parsed = new CriLine(timestamp, stream, rest[0] == 'P', rest.Length > 2 ? rest[2..].ToString() : string.Empty);
        return true;
    }
}
