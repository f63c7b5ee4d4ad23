using System.Runtime.InteropServices;
using Lakehouse.Contracts;
using Lakehouse.Spawner.State;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Homes in the state folder (<c>homes/{name}</c>) for a spawner that runs without a fileserver (its tests, a
/// spawner on its own): created when missing, owned by the user, mode 0700, and never emptied or taken over when they
/// exist. With a fileserver, <see cref="FileServerHomes"/> is used instead.
/// </summary>
internal sealed class UserHomes(StatePaths paths) : IUserHomes
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Traversable = OwnerOnly
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public Task<string> EnsureAsync(UserIdentity identity, bool asUser, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        var home = Ensure(identity, asUser);
        progress.Report(new ProgressEvent(20, "Home ready"));
        return Task.FromResult(home);
    }

    private string Ensure(UserIdentity identity, bool asUser)
    {
        if (!Directory.Exists(paths.Homes))
        {
            Directory.CreateDirectory(paths.Homes, Traversable);
        }

        if (asUser)
        {
            RequireReachable(paths.Homes);
        }

        var home = paths.Home(identity.Name);
        var existing = new DirectoryInfo(home);
        if (existing.LinkTarget is not null)
        {
            throw new ServerLaunchException($"The home of {identity.Name} is a symbolic link; it is not used.");
        }

        if (existing.Exists)
        {
            return home;
        }

        if (File.Exists(home))
        {
            throw new ServerLaunchException($"The home of {identity.Name} is a file, not a folder.");
        }

        Directory.CreateDirectory(home, OwnerOnly);
        if (asUser && LibC.LChown(home, (uint)identity.Uid, (uint)identity.Gid) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            Directory.Delete(home);
            throw new ServerLaunchException($"The home of {identity.Name} could not be given to uid {identity.Uid}: {error}.");
        }

        return home;
    }

    /// <summary>
    /// A server running as the user must be able to walk down to its home: every folder above it must be searchable
    /// by others. Said up front, rather than as a Jupyter error in the server log.
    /// </summary>
    internal static void RequireReachable(string homes)
    {
        for (var folder = new DirectoryInfo(homes); folder is not null; folder = folder.Parent)
        {
            if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new ServerLaunchException(
                    $"Users cannot reach their homes: the folder '{folder.FullName}' is not searchable by others (mode {Convert.ToString((int)folder.UnixFileMode, 8)}).");
            }
        }
    }
}
