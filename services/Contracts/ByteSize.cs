using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lakehouse.Contracts;

/// <summary>
/// Sizes as people write them: <c>10GiB</c>, <c>500 MiB</c>, <c>1.5G</c> (binary units; K, M, G, T mean KiB …) or a
/// plain number of bytes. Used for quotas by the fileserver (its parameter) and the hub (its admin form).
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1),
    ];

    public static bool TryParse(string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        var value = (text ?? string.Empty).Trim();
        var factor = 1L;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length].TrimEnd();
                factor = unitFactor;
                break;
            }
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || number * factor > long.MaxValue)
        {
            error = $"'{text}' is not a size: write a number of bytes or one with a unit, such as 10GiB or 500MiB.";
            return false;
        }

        bytes = (long)(number * factor);
        error = null;
        return true;
    }

    /// <summary>1536 → <c>1.5 KiB</c>.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, factor) in Units.Take(4))
        {
            if (Math.Abs(bytes) >= factor)
            {
                return ((double)bytes / factor).ToString("0.#", CultureInfo.InvariantCulture) + " " + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }
}
