namespace Lakehouse.Hub.Authentication;

/// <summary>
/// The platform's username rule (JupyterHub-like): 1–32 characters, lowercase ASCII letters, digits, '-', '_' and
/// '.', starting with a letter or digit. Uppercase ASCII is lowercased; anything else is refused, never altered,
/// which keeps names safe in paths, URLs, DNs and LDAP filters.
/// </summary>
public static class Username
{
    public const int MaxLength = 32;

    public static bool TryNormalize(string? input, out string normalized, out string? error)
    {
        normalized = string.Empty;
        error = input switch
        {
            null or "" => "a username must not be empty",
            { Length: > MaxLength } => $"a username has at most {MaxLength} characters",
            _ when !char.IsAsciiLetterOrDigit(input[0]) => "a username starts with a letter or digit",
            _ when input.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) =>
                "a username holds only ASCII letters, digits, '-', '_' and '.'",
            _ => null,
        };
        if (error is not null)
        {
            return false;
        }

        normalized = input!.ToLowerInvariant();
        return true;
    }
}
