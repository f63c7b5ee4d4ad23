namespace Lakehouse.ServiceDefaults.Security;

/// <summary>The shared terms of service-to-service bearer tokens (<c>Lakehouse:ServiceTokens</c>).</summary>
public static class ServiceTokenDefaults
{
    public const string AuthenticationScheme = "ServiceToken";

    /// <summary>A shorter token is refused at startup: service tokens are random, not chosen by people.</summary>
    public const int MinimumLength = 16;

    /// <summary>
    /// One failure for each set token shorter than <see cref="MinimumLength"/>, naming the key and the length only,
    /// never the value.
    /// </summary>
    public static IEnumerable<string> LengthFailures(string sectionName, IEnumerable<(string Key, string? Value)> tokens) =>
        tokens.Where(token => !string.IsNullOrEmpty(token.Value) && token.Value.Length < MinimumLength)
            .Select(token => $"{sectionName}:{token.Key} is too short ({token.Value!.Length} characters, at least {MinimumLength}).");
}
