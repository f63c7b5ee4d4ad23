using Lakehouse.Contracts;
using Lakehouse.FileServer.Native;
using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// Users' homes: ensured (created once, never recreated or emptied), described with owner, quota and usage, and
/// their quotas set. Requests for one user take turns; a name is validated before it touches the file system.
/// </summary>
internal sealed class HomeStore(
    HomesRoot root,
    HomeProvisioner provisioner,
    QuotaStore quotas,
    UsageTracker usage,
    UserLocks locks,
    IOptions<HomesOptions> options)
{
    /// <summary>Returns the home, creating it when missing; <c>Created</c> says which.</summary>
    public async Task<(HomeVolume Home, bool Created)> EnsureAsync(string input, EnsureHomeRequest request, CancellationToken cancellationToken)
    {
        var name = ValidName(input);
        var settings = options.Value;
        if (request.Uid < settings.MinimumUid || request.Gid < settings.MinimumGid)
        {
            throw HomeRequestException.BadRequest(
                $"Homes never belong to system accounts: uid {request.Uid} and gid {request.Gid} must be at least {settings.MinimumUid} and {settings.MinimumGid}.");
        }

        using (await locks.AcquireAsync(name, cancellationToken))
        {
            var created = false;
            if (ExistingHome(name) is null)
            {
                created = provisioner.Create(name, request.Uid, request.Gid);
            }

            var status = ExistingHome(name) ?? throw new IOException($"The home of {name} vanished right after it was created.");
            return (Describe(name, status, usage.Fresh(name, settings.UsageMaxAge)), created);
        }
    }

    public HomeVolume? Get(string input, bool measure = false)
    {
        var name = ValidName(input);
        return ExistingHome(name) is { } status
            ? Describe(name, status, measure ? usage.Fresh(name, options.Value.UsageMaxAge) : usage.Current(name))
            : null;
    }

    public IReadOnlyList<HomeVolume> List() =>
        root.HomeNames().Select(name => ExistingHome(name) is { } status ? Describe(name, status, usage.Current(name)) : null)
            .OfType<HomeVolume>()
            .ToList();

    public async Task<HomeVolume?> SetQuotaAsync(string input, long quotaBytes, CancellationToken cancellationToken)
    {
        var name = ValidName(input);
        if (quotaBytes <= 0)
        {
            throw HomeRequestException.BadRequest("A quota must be more than 0 bytes.");
        }

        using (await locks.AcquireAsync(name, cancellationToken))
        {
            if (ExistingHome(name) is null)
            {
                return null;
            }

            quotas.Set(name, quotaBytes);
            return Get(name);
        }
    }

    public static string ValidName(string input) =>
        UserName.TryNormalize(input, out var name, out var error) ? name : throw HomeRequestException.BadRequest(error);

    /// <summary>The home's status; null when there is none. Anything but a real folder there is refused, never replaced.</summary>
    private FileStatus? ExistingHome(string name)
    {
        var status = LibC.LStat(root.Home(name));
        if (status is { IsDirectory: false } other)
        {
            throw HomeRequestException.Conflict(
                $"The home of {name} is {(other.IsSymbolicLink ? "a symbolic link" : "not a folder")}; it is left as it is and not used.");
        }

        return status;
    }

    private HomeVolume Describe(string name, FileStatus status, long usedBytes)
    {
        var quota = quotas.QuotaOf(name);
        var cluster = options.Value.ClaimName;
        return new HomeVolume(
            name,
            (int)status.Uid,
            (int)status.Gid,
            cluster is null ? root.Home(name) : null,
            cluster,
            name,
            quota,
            usedBytes,
            HomeStates.Of(usedBytes, quota));
    }
}
