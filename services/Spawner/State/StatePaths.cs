using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.State;

/// <summary>
/// Where things live in the state folder: <c>homes/{name}</c> (unless the homes are configured elsewhere),
/// <c>logs/servers/{name}.log</c>, <c>spawner/{name}.json</c>.
/// </summary>
public sealed class StatePaths
{
    public StatePaths(IOptions<DirectoryOptions> options)
    {
        Root = Path.GetFullPath(options.Value.StateDirectory
            ?? throw new InvalidOperationException($"Set {DirectoryOptions.SectionName}:StateDirectory or {DirectoryOptions.EnvironmentVariable}."));
        Homes = Path.GetFullPath(options.Value.HomesDirectory ?? Path.Combine(Root, "homes"));
    }

    public string Root { get; }

    public string Homes { get; }

    public string ServerLogs => Path.Combine(Root, "logs", "servers");

    public string Records => Path.Combine(Root, "spawner");

    // Names reach here validated (Lakehouse.Contracts.UserName), so they cannot leave these folders.
    public string Home(string name) => Path.Combine(Homes, name);

    public string ServerLog(string name) => Path.Combine(ServerLogs, name + ".log");

    public string Record(string name) => Path.Combine(Records, name + ".json");
}
