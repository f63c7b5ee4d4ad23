using System.Text.RegularExpressions;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Servers;

/// <summary>Checks a start request before anything happens; each refusal says what is wrong.</summary>
public sealed partial class StartRequestValidator(IOptions<SpawnerOptions> options)
{
    private const int MaxGroups = 256;
    private const int MaxEnvironmentEntries = 64;
    private const int MaxEnvironmentValueLength = 8192;

    /// <summary>Null when the request is fine for the server <paramref name="name"/> (already normalized).</summary>
    public string? Validate(string name, StartServerRequest? request)
    {
        if (request?.Identity is not { } identity)
        {
            return "The body must hold an identity: { \"identity\": { \"name\", \"uid\", \"gid\", \"groups\" } }.";
        }

        if (!UserName.TryNormalize(identity.Name, out var identityName, out var nameError))
        {
            return nameError;
        }

        if (identityName != name)
        {
            return $"The identity is for '{identityName}' but the request is for the server of '{name}'.";
        }

        var minimumUid = options.Value.MinimumUid;
        if (identity.Uid < minimumUid)
        {
            return $"uid {identity.Uid} is refused: servers run only as uids from {minimumUid} on.";
        }

        var minimumGid = options.Value.MinimumGid;
        if (identity.Gid < minimumGid)
        {
            return $"gid {identity.Gid} is refused: servers run only with gids from {minimumGid} on (system groups are as good as root).";
        }

        if (identity.Groups.Count > MaxGroups)
        {
            return $"The identity lists {identity.Groups.Count} groups; at most {MaxGroups} are allowed.";
        }

        foreach (var group in identity.Groups)
        {
            if (group is null)
            {
                return "A group entry is empty.";
            }

            if (!UserName.IsValidGroupName(group.Name, out var groupError))
            {
                return groupError;
            }

            if (group.Gid < minimumGid)
            {
                return $"Group '{group.Name}' has gid {group.Gid}, which is refused: servers run only in groups with gids from {minimumGid} on.";
            }
        }

        var environment = request.Environment ?? new Dictionary<string, string>();
        if (environment.Count > MaxEnvironmentEntries)
        {
            return $"The environment has {environment.Count} entries; at most {MaxEnvironmentEntries} are allowed.";
        }

        foreach (var (key, value) in environment)
        {
            if (!EnvironmentName().IsMatch(key))
            {
                return $"'{key}' is not an environment variable name: letters, digits and '_', not starting with a digit.";
            }

            if (ReservedEnvironment.IsReserved(key))
            {
                return $"The environment variable {key} is set by the spawner (identity, paths or loader settings) and cannot be given.";
            }

            if (value is null || value.Contains('\0') || value.Length > MaxEnvironmentValueLength)
            {
                return $"The value of {key} must be text without NUL characters, at most {MaxEnvironmentValueLength} characters.";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex EnvironmentName();
}
