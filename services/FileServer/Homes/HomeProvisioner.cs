using System.Runtime.InteropServices;
using Lakehouse.FileServer.Native;
using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// Builds a new home out of sight, in <c>.lakehouse/provisioning/</c>: the skeleton copied in, everything given to the
/// user, mode 0700; then renames it into place with <c>RENAME_NOREPLACE</c>, so a home appears whole or not at all and
/// an existing one is never replaced, even by another fileserver process. A failure removes the half-built folder.
/// </summary>
internal sealed class HomeProvisioner(HomesRoot root, IOptions<HomesOptions> options, ILogger<HomeProvisioner> logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Never copied from the skeleton: set-id bits and sticky.
    private const UnixFileMode SpecialBits = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;

    /// <summary>Only root can give files away; otherwise homes belong to the fileserver's own user.</summary>
    public bool CanChangeOwners { get; } = LibC.GetEUid() == 0;

    /// <summary>Creates the home; false when another request created it first (it is then left as it is).</summary>
    public bool Create(string name, int uid, int gid)
    {
        var building = Path.Combine(root.Provisioning, $"{name}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(building, OwnerOnly);
            if (options.Value.SkeletonDirectory is { } skeleton)
            {
                CopySkeleton(new DirectoryInfo(skeleton), building);
            }

            GiveAway(building, uid, gid);
            File.SetUnixFileMode(building, OwnerOnly);
            if (LibC.RenameAt2(LibC.AtFdCwd, building, LibC.AtFdCwd, root.Home(name), LibC.RenameNoReplace) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is LibC.EEXIST or LibC.ENOTEMPTY)
                {
                    return false;
                }

                throw new NativeIOException($"rename into place: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }

            logger.LogInformation("Created the home of {Name} for uid {Uid} gid {Gid}", name, uid, gid);
            return true;
        }
        finally
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }
        }
    }

    /// <summary>Removes what a crash left in the provisioning folder: never a home, only homes that never appeared.</summary>
    public void RemoveLeftovers()
    {
        foreach (var leftover in new DirectoryInfo(root.Provisioning).EnumerateFileSystemInfos())
        {
            logger.LogWarning("Removing {Leftover}, a home whose creation was interrupted", leftover.Name);
            if (leftover is DirectoryInfo { LinkTarget: null } folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                leftover.Delete();
            }
        }
    }

    private static void CopySkeleton(DirectoryInfo source, string target)
    {
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            // Links are not copied: one could point anywhere, and the user would then own its copy's target.
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo folder)
            {
                Directory.CreateDirectory(destination, (folder.UnixFileMode & ~SpecialBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                CopySkeleton(folder, destination);
            }
            else if (entry is FileInfo file)
            {
                // Reading a FIFO or a device would block or copy what it should not: a skeleton holds files and folders.
                if (LibC.LStat(file.FullName) is not { IsRegularFile: true })
                {
                    throw new IOException($"The skeleton holds '{file.Name}', which is neither a file nor a folder.");
                }

                file.CopyTo(destination);
                File.SetUnixFileMode(destination, (file.UnixFileMode & ~SpecialBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    private void GiveAway(string folder, int uid, int gid)
    {
        if (!CanChangeOwners)
        {
            return;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Prepend(folder))
        {
            if (LibC.LChown(path, (uint)uid, (uint)gid) != 0)
            {
                throw LibC.Error($"give '{Path.GetFileName(path)}' to uid {uid}");
            }
        }
    }
}
