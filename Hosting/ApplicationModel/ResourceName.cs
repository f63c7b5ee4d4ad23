namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>Aspire's rule for resource names: ASCII letters, digits and hyphens, starting with a letter,
/// no double hyphen, no trailing hyphen, at most 64 characters.</summary>
public static class ResourceName
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name, out string? reason)
    {
        reason = name switch
        {
            null or "" => "a resource name must not be empty",
            { Length: > MaxLength } => $"a resource name has at most {MaxLength} characters",
            _ when !char.IsAsciiLetter(name[0]) => "a resource name starts with an ASCII letter",
            _ when name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-') => "a resource name holds only ASCII letters, digits and hyphens",
            _ when name.Contains("--", StringComparison.Ordinal) => "a resource name has no double hyphen",
            _ when name.EndsWith('-') => "a resource name does not end with a hyphen",
            _ => null,
        };
        return reason is null;
    }

    public static void Validate(string name)
    {
        if (!IsValid(name, out var reason))
        {
            throw new ArgumentException($"Invalid resource name '{name}': {reason}.", nameof(name));
        }
    }
}
