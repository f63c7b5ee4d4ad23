using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Backends.Homes;

/// <summary>
/// The fileserver's side of a launch, for both backends: the home is ensured (created on the first launch, owned by
/// the user, never recreated) before the server starts. A full home refuses the start and deletes nothing; from 90%
/// the user reads a warning in the spawn's progress.
/// </summary>
internal sealed class FileServerHomeVolumes(FileServerClient fileServer, ILogger<FileServerHomeVolumes> logger)
{
    /// <summary>The configuration key of the fileserver's address (service discovery); homes come from it when present.</summary>
    public const string ServiceSection = "services:fileserver";

    public static bool IsConfigured(IConfiguration configuration) => configuration.GetSection(ServiceSection).Exists();

    /// <summary>The ensured home, not full. Throws <see cref="ServerLaunchException"/> with a reason for the user.</summary>
    public async Task<HomeVolume> EnsureAsync(UserIdentity identity, CancellationToken cancellationToken)
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

        if (home.State == HomeStates.Full)
        {
            throw new ServerLaunchException(
                $"Your home is full ({Usage(home)}), so your server was not started. Nothing was deleted: remove files through the hub's " +
                "file browser, or ask an admin for a larger quota.");
        }

        return home;
    }

    /// <summary>The progress event that says the home is ready, with the warning when it is almost full.</summary>
    public static ProgressEvent Ready(HomeVolume home, int progress) => new(progress, home.State == HomeStates.Warning
        ? $"Home ready. Warning: your home is almost full ({Usage(home)}, {home.UsedPercent}%)."
        : "Home ready");

    private static string Usage(HomeVolume home) => $"{ByteSize.Format(home.UsedBytes)} of your {ByteSize.Format(home.QuotaBytes)} quota used";
}
