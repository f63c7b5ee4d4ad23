using System.Globalization;
using System.Text.Json;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// Turns a validated ID token's claims into the hub's user: the name from <see cref="OidcOptions.UsernameClaim"/>
/// (the platform's username rule), groups from <see cref="OidcOptions.GroupsClaim"/> (a dotted path), allowed and
/// admin groups, and the POSIX identity when the provider gives one.
/// </summary>
public static class OidcUserClaims
{
    public static (AuthenticatedUser? User, string? Error) Read(JsonElement claims, OidcOptions options)
    {
        var rawName = Find(claims, options.UsernameClaim) is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
        if (rawName is null)
        {
            return (null, $"The provider gave no '{options.UsernameClaim}' claim to name the user.");
        }

        if (!Username.TryNormalize(rawName, out var name, out var reason))
        {
            return (null, $"Invalid username: {reason}.");
        }

        var groups = Strings(Find(claims, options.GroupsClaim)).Select(g => g.TrimStart('/')).Distinct(StringComparer.Ordinal).ToList();
        if (options.AllowedGroups.Count > 0 && !groups.Intersect(options.AllowedGroups, StringComparer.Ordinal).Any())
        {
            return (null, AuthenticationResult.Fail(AuthenticationFailure.NotAllowed).Message);
        }

        var admin = groups.Intersect(options.AdminGroups, StringComparer.Ordinal).Any();
        var uid = Id(Find(claims, options.UidClaim));
        var gid = Id(Find(claims, options.GidClaim));
        if (uid is not null && uid < options.MinimumId || gid is not null && gid < options.MinimumId)
        {
            return (null, AuthenticationResult.Fail(AuthenticationFailure.InvalidAccount).Message);
        }

        var posixGroups = new List<UserGroup>();
        if (uid is not null && gid is not null)
        {
            posixGroups = PosixGroups(options.PosixGroupsClaim is { Length: > 0 } claim ? Find(claims, claim) : null, options.MinimumId);
            if (posixGroups.All(g => g.Gid != gid))
            {
                // The primary group, named after the user as the platform's personal groups are.
                posixGroups.Add(new UserGroup(name, gid.Value));
            }

            posixGroups = [.. posixGroups.OrderBy(g => g.Name, StringComparer.Ordinal)];
        }

        return (new AuthenticatedUser(name, uid, gid, posixGroups, admin) { AdminFromGroups = options.AdminGroups.Count > 0 }, null);
    }

    /// <summary>A claim by name, or a dotted path into nested objects (<c>realm_access.roles</c>); a claim whose own name has dots wins.</summary>
    internal static JsonElement? Find(JsonElement claims, string path)
    {
        if (claims.TryGetProperty(path, out var direct))
        {
            return direct;
        }

        var current = claims;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static IEnumerable<string> Strings(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        _ => [],
    };

    private static int? Id(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var id) => id,
        { ValueKind: JsonValueKind.String } text when int.TryParse(text.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };

    /// <summary><c>name:gid</c> entries; malformed ones and system gids are left out.</summary>
    private static List<UserGroup> PosixGroups(JsonElement? value, int minimumId) =>
        Strings(value)
            .Select(entry => entry.Split(':'))
            .Where(parts => parts.Length == 2 && Username.TryNormalize(parts[0], out _, out _)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) && gid >= minimumId)
            .Select(parts => new UserGroup(parts[0].ToLowerInvariant(), int.Parse(parts[1], CultureInfo.InvariantCulture)))
            .DistinctBy(g => g.Name)
            .ToList();
}
