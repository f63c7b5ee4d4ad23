using Lakehouse.Contracts;
using Lakehouse.FileServer.Homes;
using Lakehouse.FileServer.Native;
using Microsoft.Win32.SafeHandles;

namespace Lakehouse.FileServer.Files;

/// <summary>
/// Browsing, downloading and uploading in a home for its user while the server is stopped (the hub checks the user).
/// Every step opens the next folder relative to the last with <c>O_NOFOLLOW</c>, so neither a link in the path nor one
/// swapped in meanwhile leads out of the home. Uploads count against the quota while they stream, are written to a
/// temporary name, given to the home's owner and renamed into place.
/// </summary>
internal sealed class HomeFiles(HomesRoot root, QuotaStore quotas, UsageTracker usage, HomeProvisioner provisioner, UserLocks locks)
{
    private const uint NewFileMode = 0b110_100_100; // 0644: the home itself (0700) keeps others out.

    public IReadOnlyList<HomeEntry> List(string name, HomePath path)
    {
        using var folder = OpenFolder(name, path.Segments);
        var entries = new List<HomeEntry>();
        // The folder as this handle has it: its name in /proc resolves to the very folder opened.
        foreach (var entry in new DirectoryInfo($"/proc/self/fd/{folder.DangerousGetHandle()}").EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            entries.Add(entry switch
            {
                DirectoryInfo d => new HomeEntry(d.Name, HomeEntry.Directory, 0, d.LastWriteTimeUtc),
                FileInfo f => new HomeEntry(f.Name, HomeEntry.File, f.Length, f.LastWriteTimeUtc),
                _ => throw new InvalidOperationException(),
            });
        }

        return entries.OrderBy(e => e.Type != HomeEntry.Directory).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A regular file of the home, open for reading.</summary>
    public FileStream OpenRead(string name, HomePath path)
    {
        RequireFile(path);
        using var folder = OpenFolder(name, path.Parent);
        var file = Open(folder, path.Name, LibC.ORdOnly | LibC.ONonBlock | LibC.ONoFollow, "file");
        if (!LibC.FStat(file).IsRegularFile)
        {
            file.Dispose();
            throw HomeRequestException.BadRequest($"'{path}' is not a file.");
        }

        return new FileStream(file, FileAccess.Read);
    }

    /// <summary>Writes (or replaces) a file; its folder must exist. Refused, with nothing left behind, past the quota.</summary>
    public async Task<HomeEntry> WriteAsync(string name, HomePath path, Stream content, long? length, CancellationToken cancellationToken)
    {
        RequireFile(path);
        using var folder = OpenFolder(name, path.Parent);
        // The home's owner, not the folder's: a folder someone else made in the home does not change whose file it is.
        var owner = LibC.LStat(root.Home(name)) ?? throw HomeRequestException.NotFound($"{name} has no home.");
        var quota = quotas.QuotaOf(name);
        var used = usage.Current(name);
        if (length is { } announced && used + announced > quota)
        {
            throw QuotaExceeded(name, used, quota);
        }

        var temporary = $".{path.Name}.upload-{Guid.NewGuid():N}";
        var written = 0L;
        try
        {
            using (var file = Open(folder, temporary, LibC.OWrOnly | LibC.OCreat | LibC.OExcl | LibC.ONoFollow, "file", NewFileMode))
            {
                if (provisioner.CanChangeOwners && LibC.FChown(file, owner.Uid, owner.Gid) != 0)
                {
                    throw LibC.Error("give the file to the home's owner");
                }

                await using var stream = new FileStream(file, FileAccess.Write);
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    if (used + written > quota)
                    {
                        throw QuotaExceeded(name, used, quota);
                    }

                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            using (await locks.AcquireAsync(name, cancellationToken))
            {
                var replaced = StatAt(folder, path.Name);
                if (replaced is { IsRegularFile: false })
                {
                    throw HomeRequestException.Conflict($"'{path}' exists and is not a file.");
                }

                // renameat replaces a link itself, never its target.
                if (LibC.RenameAt(folder, temporary, folder, path.Name) != 0)
                {
                    throw LibC.Error("move the upload into place");
                }

                usage.Add(name, written - (replaced?.Size ?? 0));
            }

            return new HomeEntry(path.Name, HomeEntry.File, written, DateTimeOffset.UtcNow);
        }
        finally
        {
            LibC.UnlinkAt(folder, temporary, 0);
        }
    }

    private static HomeRequestException QuotaExceeded(string name, long used, long quota) => HomeRequestException.QuotaExceeded(
        $"The home of {name} would exceed its quota: {ByteSize.Format(used)} of {ByteSize.Format(quota)} used. Nothing was written.");

    private static void RequireFile(HomePath path)
    {
        if (path.IsRoot)
        {
            throw HomeRequestException.BadRequest("Name a file.");
        }
    }

    private static FileStatus? StatAt(SafeFileHandle folder, string name) =>
        LibC.LStat($"/proc/self/fd/{folder.DangerousGetHandle()}/{name}");

    private SafeFileHandle OpenFolder(string name, IReadOnlyList<string> segments)
    {
        SafeFileHandle folder;
        try
        {
            folder = LibC.OpenHandle(root.Home(name), LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow);
        }
        catch (NativeIOException e) when (e.Errno is LibC.ENOENT)
        {
            throw HomeRequestException.NotFound($"{name} has no home yet: it is created when the server first starts.");
        }
        catch (NativeIOException e) when (e.Errno is LibC.ELOOP or LibC.ENOTDIR)
        {
            throw HomeRequestException.Conflict($"The home of {name} is not a folder; it is not used.");
        }

        foreach (var segment in segments)
        {
            using var parent = folder;
            folder = Open(parent, segment, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow, "folder");
        }

        return folder;
    }

    private static SafeFileHandle Open(SafeFileHandle folder, string name, int flags, string what, uint mode = 0)
    {
        try
        {
            return LibC.OpenAtHandle(folder, name, flags, mode);
        }
        catch (NativeIOException e) when (e.Errno is LibC.ENOENT)
        {
            throw HomeRequestException.NotFound($"There is no {what} '{name}'.");
        }
        catch (NativeIOException e) when (e.Errno is LibC.ELOOP)
        {
            throw HomeRequestException.BadRequest($"'{name}' is a symbolic link; links are not followed here.");
        }
        catch (NativeIOException e) when (e.Errno is LibC.ENOTDIR or LibC.EISDIR)
        {
            // O_DIRECTORY on a link says ENOTDIR: name the link, so the user knows why.
            throw HomeRequestException.BadRequest(StatAt(folder, name) is { IsSymbolicLink: true }
                ? $"'{name}' is a symbolic link; links are not followed here."
                : $"'{name}' is not a {what}.");
        }
        catch (NativeIOException e) when (e.Errno is LibC.EEXIST)
        {
            throw HomeRequestException.Conflict($"'{name}' exists already.");
        }
    }
}
