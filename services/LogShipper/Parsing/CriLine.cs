using System.Globalization;
using System.Text;

namespace Lakehouse.LogShipper.Parsing;

/// <summary>
/// A line in the CRI log format (<c>2025-01-01T00:00:00.000000000Z stdout F text</c>): timestamp, stream, and
/// <c>P</c> for a partial line the runtime split (continued by the next line) or <c>F</c> for the final part.
/// Parsed from the file's UTF-8 bytes, without copying: <see cref="Text"/> points into the line.
/// </summary>
public readonly ref struct CriLine(DateTimeOffset timestamp, string stream, bool partial, ReadOnlySpan<byte> text)
{
    public DateTimeOffset Timestamp { get; } = timestamp;

    public string Stream { get; } = stream;

    public bool Partial { get; } = partial;

    public ReadOnlySpan<byte> Text { get; } = text;

    public static bool TryParse(ReadOnlySpan<byte> line, out CriLine parsed)
    {
        parsed = default;
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace < 20)
        {
            return false;
        }

        var rest = line[(firstSpace + 1)..];
        string stream;
        if (rest.StartsWith("stdout "u8))
        {
            stream = "stdout";
        }
        else if (rest.StartsWith("stderr "u8))
        {
            stream = "stderr";
        }
        else
        {
            return false;
        }

        rest = rest[7..];
        if (rest.Length < 1 || rest[0] is not ((byte)'P' or (byte)'F') || (rest.Length > 1 && rest[1] != (byte)' '))
        {
            return false;
        }

        if (!TryParseTimestamp(line[..firstSpace], out var timestamp))
        {
            return false;
        }

        parsed = new CriLine(timestamp, stream, rest[0] == (byte)'P', rest.Length > 2 ? rest[2..] : []);
        return true;
    }

    /// <summary>
    /// RFC 3339 as runtimes write it (<c>yyyy-MM-ddTHH:mm:ss</c>, up to 9 fraction digits, <c>Z</c> or <c>±hh:mm</c>)
    /// is read directly, nanoseconds rounded to .NET's 100 ns ticks; anything else goes to the general parser.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out DateTimeOffset timestamp)
    {
        if (TryParseRfc3339(text, out timestamp))
        {
            return true;
        }

        return DateTimeOffset.TryParse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    private static bool TryParseRfc3339(ReadOnlySpan<byte> s, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            long fraction = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9)
            {
                if (i - start < 9)
                {
                    fraction = (fraction * 10) + (s[i] - '0');
                }

                i++;
            }

            var digits = Math.Min(i - start, 9);
            if (digits == 0)
            {
                return false;
            }

            // To nanoseconds, then to ticks rounding half up, as the general parser does.
            for (var d = digits; d < 9; d++)
            {
                fraction *= 10;
            }

            fractionTicks = (fraction + 50) / 100;
        }

        TimeSpan offset;
        var zone = s[i..];
        if (zone.Length == 1 && zone[0] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is (byte)'+' or (byte)'-' && zone[3] == ':'
                 && Digits(zone, 1, 2, out var offsetHours) && Digits(zone, 4, 2, out var offsetMinutes) && offsetHours <= 14 && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
            timestamp = new DateTimeOffset(local, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
