using System.Diagnostics.CodeAnalysis;

namespace Lakehouse.Contracts;

/// <summary>
/// The one rule for usernames, shared by the hub, the spawner and the route controller (JupyterHub-like): lowercase
/// ASCII letters, digits, '-', '_' and '.', starting with a letter or a digit, 1 to 32 characters. Uppercase ASCII is
/// lowercased; anything else is refused, never rewritten, so that two different inputs cannot name the same user.
/// </summary>
public static class UserName
{
    public const int MaxLength = 32;

    /// <summary>Returns the normalized name, or throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static string Normalize(string? input) =>
        TryNormalize(input, out var name, out var error) ? name : throw new ArgumentException(error, nameof(input));

    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = Check(input, "User name", lowercase: true);
        if (error is not null)
        {
            return false;
        }

        // Checked above: only ASCII remains, so this cannot fold a non-ASCII letter (like the Kelvin sign) into 'k'.
        name = input!.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// The same character rule for group names, which are kept as given (they become <c>EXTERNAL_GROUPS</c> entries,
    /// so ':' and ',' must never appear in them).
    /// </summary>
    public static bool IsValidGroupName(string? input, [NotNullWhen(false)] out string? error)
    {
        error = Check(input, "Group name", lowercase: false);
        return error is null;
    }

    private static string? Check(string? input, string what, bool lowercase)
    {
        if (string.IsNullOrEmpty(input))
        {
            return $"{what} is empty.";
        }

        if (input.Length > MaxLength)
        {
            return $"{what} '{Shorten(input)}' is too long: {input.Length} characters, at most {MaxLength}.";
        }

        foreach (var c in input)
        {
            if (!IsAllowed(c))
            {
                return $"{what} '{Shorten(input)}' contains {Describe(c)}: only ASCII letters, digits, '-', '_' and '.' are allowed"
                    + (lowercase ? " (uppercase is lowercased)." : ".");
            }
        }

        if (!char.IsAsciiLetterOrDigit(input[0]))
        {
            return $"{what} '{input}' must start with a letter or a digit.";
        }

        return null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string Describe(char c) =>
        char.IsAscii(c) && !char.IsControl(c) ? $"'{c}'" : $"U+{(int)c:X4}";

    // Error messages quote the input, but never a whole page of it, and never control characters.
    private static string Shorten(string input)
    {
        var visible = new string(input.Take(MaxLength + 8).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return input.Length > visible.Length ? visible + "…" : visible;
    }
}
