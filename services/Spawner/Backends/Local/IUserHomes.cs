using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>Where a local server's home comes from: the fileserver, or (a spawner on its own) the state folder.</summary>
public interface IUserHomes
{
    /// <summary>
    /// Returns the home's local path, ready for the user. <paramref name="asUser"/>: the server runs as the user's uid.
    /// Throws <see cref="ServerLaunchException"/> with a reason for the user (a full home, for one).
    /// </summary>
    Task<string> EnsureAsync(UserIdentity identity, bool asUser, IProgress<ProgressEvent> progress, CancellationToken cancellationToken);
}
