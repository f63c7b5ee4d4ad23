using Lakehouse.Ldap.Tests.Infrastructure;
using Lakehouse.Spawner.Tests.Infrastructure;

namespace Lakehouse.Hub.Tests.Infrastructure;

/// <summary>
/// What every hub test needs and is slow to start: a real slapd with the demo users, and the real spawner on a
/// state folder of its own. Each test starts its own hub (cheap) on a fresh state folder. Everything is stopped and
/// every Jupyter server killed at the end, whatever the outcome.
/// </summary>
public sealed class HubEnvironment : IAsyncLifetime
{
    private readonly List<string> _hubFolders = [];

    internal OpenLdapFixture Ldap { get; } = new();

    internal StateFolder SpawnerState { get; } = new();

    internal SpawnerProcess Spawner { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Ldap.InitializeAsync();
        Spawner = await SpawnerProcess.StartAsync(SpawnerState.Path);
    }

    /// <summary>A hub on a new state folder (removed at the end).</summary>
    internal HubApp StartHub(IReadOnlyDictionary<string, string?>? settings = null, Uri? spawner = null) =>
        new(this, NewHubFolder(), settings, spawner);

    internal string NewHubFolder()
    {
        var folder = Directory.CreateTempSubdirectory("lakehouse-hub-tests-").FullName;
        _hubFolders.Add(folder);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Spawner is not null)
            {
                await Spawner.DisposeAsync();
            }
        }
        finally
        {
            SpawnerState.Dispose();
            await Ldap.DisposeAsync();
            foreach (var folder in _hubFolders)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubEnvironment>
{
    public const string Name = "hub";
}
