using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends.Homes;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>Homes from the fileserver (<see cref="FileServerHomeVolumes"/>) as local folders a server process can use.</summary>
internal sealed class FileServerHomes(FileServerHomeVolumes homes) : IUserHomes
{
    public async Task<string> EnsureAsync(UserIdentity identity, bool asUser, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        var home = await homes.EnsureAsync(identity, cancellationToken);
        if (home.Path is null)
        {
            throw new ServerLaunchException("The fileserver serves homes as cluster volumes, which local servers cannot use.");
        }

        if (asUser)
        {
            UserHomes.RequireReachable(Path.GetDirectoryName(home.Path)!);
        }

        progress.Report(FileServerHomeVolumes.Ready(home, 20));
        return home.Path;
    }
}
