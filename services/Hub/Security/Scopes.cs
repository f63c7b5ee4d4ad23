namespace Lakehouse.Hub.Security;

/// <summary>
/// The scopes the hub knows, named as JupyterHub's, and which broader scope includes which narrower ones
/// (<c>admin:users</c> ⊃ <c>users</c> ⊃ <c>read:users</c>, and so on).
/// </summary>
public static class Scopes
{
    public const string AdminUsers = "admin:users";
    public const string Users = "users";
    public const string ReadUsers = "read:users";
    public const string UsersActivity = "users:activity";
    public const string AdminServers = "admin:servers";
    public const string Servers = "servers";
    public const string ReadServers = "read:servers";
    public const string AccessServers = "access:servers";
    public const string Tokens = "tokens";
    public const string ReadTokens = "read:tokens";
    public const string AdminGroups = "admin:groups";
    public const string Groups = "groups";
    public const string ReadGroups = "read:groups";
    public const string ReadMetrics = "read:metrics";
    public const string ReadHub = "read:hub";
    public const string AdminUi = "admin-ui";

    /// <summary>A token's scopes are its owner's, whatever they are at the time of use (JupyterHub's <c>token</c> role).</summary>
    public const string Inherit = "inherit";

    private static readonly Dictionary<string, string[]> DirectlyIncludes = new(StringComparer.Ordinal)
    {
        [AdminUsers] = [Users],
        [Users] = [ReadUsers, UsersActivity],
        [ReadUsers] = [],
        [UsersActivity] = [],
        [AdminServers] = [Servers],
        [Servers] = [ReadServers],
        [ReadServers] = [],
        [AccessServers] = [],
        [Tokens] = [ReadTokens],
        [ReadTokens] = [],
        [AdminGroups] = [Groups],
        [Groups] = [ReadGroups],
        [ReadGroups] = [],
        [ReadMetrics] = [],
        [ReadHub] = [],
        [AdminUi] = [],
    };

    public static IReadOnlyCollection<string> Known => DirectlyIncludes.Keys;

    public static bool IsKnown(string scope) => DirectlyIncludes.ContainsKey(scope);

    /// <summary>The scope and every scope it includes.</summary>
    public static IEnumerable<string> Expand(string scope)
    {
        yield return scope;
        foreach (var included in DirectlyIncludes.GetValueOrDefault(scope, []))
        {
            foreach (var inner in Expand(included))
            {
                yield return inner;
            }
        }
    }
}
