using Lakehouse.Contracts;
using Lakehouse.Spawner.State;

namespace Lakehouse.Spawner.Backends;

/// <summary>
/// Where servers run: local processes today, Kubernetes pods later. The backend starts, watches and stops servers;
/// the spawner around it owns states, readiness, progress and persistence.
/// </summary>
public interface IServerBackend
{
    /// <summary>
    /// Prepares the user's home and starts the server; returns once it is started, not yet answering. Reports its
    /// steps to <paramref name="progress"/>. Throws <see cref="ServerLaunchException"/> with a reason for the user.
    /// </summary>
    Task<ServerInstance> LaunchAsync(ServerLaunch launch, IProgress<ProgressEvent> progress, CancellationToken cancellationToken);

    /// <summary>Null while the server runs, otherwise why it ended. Cheap: called while a spawn waits for readiness.</summary>
    ValueTask<ServerExit?> CheckAsync(ServerInstance instance, CancellationToken cancellationToken);

    /// <summary>The periodic look at every running server: those that ended. Backends may also note what each one started.</summary>
    ValueTask<IReadOnlyList<ServerExit>> SurveyAsync(IReadOnlyCollection<ServerInstance> running, CancellationToken cancellationToken);

    /// <summary>
    /// Servers the backend itself can find after a spawner restart (pods, by their labels), as records; they count
    /// besides the spawner's own records. The local backend finds none: its record files are the truth.
    /// </summary>
    Task<IReadOnlyList<ServerRecord>> RecoverAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ServerRecord>>([]);

    /// <summary>
    /// Completes at the starting server's next sign of progress after this call (a local server's log growing: it logs
    /// that it runs right after it starts listening); null when the backend has no such sign. With one, the spawner
    /// asks the server when it completes, or after <see cref="Options.SpawnerOptions.ProbeFallbackInterval"/>, instead
    /// of every <see cref="Options.SpawnerOptions.PollInterval"/>.
    /// </summary>
    Task? NextProgress(ServerInstance instance) => null;

    /// <summary>Whether servers boot on the spawner's own machine, so that booting many at once competes for its CPUs (see <see cref="Servers.BootGate"/>).</summary>
    bool BootsOnThisMachine => false;

    /// <summary>Takes back a server found running after a spawner restart, so that its resources stay reserved.</summary>
    void Adopt(ServerInstance instance);

    /// <summary>
    /// Stops the server and whatever it started (kernels, terminals): politely first, by force after the grace
    /// period. Also cleans up after a server that already died. Releases its resources.
    /// </summary>
    Task StopAsync(ServerInstance instance, CancellationToken cancellationToken);
}
