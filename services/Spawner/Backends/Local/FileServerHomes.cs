using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// Homes from the fileserver: ensured before each launch (created on the first, owned by the user, never recreated).
/// A full home refuses the start and deletes nothing; from 90% the user reads a warning in the spawn's progress.
/// </summary>
internal sealed class FileServerHomes(FileServerClient fileServer, ILogger<FileServerHomes> logger) : IUserHomes
{
    public async Task<string> EnsureAsync(UserIdentity identity, bool asUser, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        HomeVolume home;
        try
        {
            home = await fileServer.EnsureAsync(identity.Name, identity.Uid, identity.Gid, cancellationToken);
        }
        catch (FileServerException e)
        {
            throw new ServerLaunchException($"Your home could not be prepared: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "The fileserver could not be reached to prepare the home of {Name}", identity.Name);
            throw new ServerLaunchException("Your home could not be prepared: the fileserver cannot be reached. Try again in a moment.", e);
        }

        var usage = $"{ByteSize.Format(home.UsedBytes)} of your {ByteSize.Format(home.QuotaBytes)} quota used";
        if (home.State == HomeStates.Full)
        {
            throw new ServerLaunchException(
                $"Your home is full ({usage}), so your server was not started. Nothing was deleted: remove files through the hub's " +
                "file browser, or ask an admin for a larger quota.");
        }

        if (home.Path is null)
        {
            throw new ServerLaunchException("The fileserver serves homes as cluster volumes, which local servers cannot use.");
        }

        if (asUser)
        {
            UserHomes.RequireReachable(Path.GetDirectoryName(home.Path)!);
        }

        progress.Report(new ProgressEvent(20, home.State == HomeStates.Warning
            ? $"Home ready. Warning: your home is almost full ({usage}, {home.UsedPercent}%)."
            : "Home ready"));
        return home.Path;
    }
}
