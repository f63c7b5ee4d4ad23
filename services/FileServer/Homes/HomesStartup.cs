using Lakehouse.FileServer.Nfs;
using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// At start: removes what an interrupted creation left, and writes the NFS export of the homes root where the local
/// NFS server reads it (<c>FileServer:NfsExportFile</c>), since the fileserver is the one that knows the root.
/// </summary>
internal sealed class HomesStartup(
    HomesRoot root,
    HomeProvisioner provisioner,
    IOptions<HomesOptions> options,
    ILogger<HomesStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        provisioner.RemoveLeftovers();
        if (!provisioner.CanChangeOwners)
        {
            logger.LogWarning("The fileserver does not run as root: homes belong to its own user {User}, not to their users", Environment.UserName);
        }

        if (options.Value.NfsExportFile is not { } exportFile)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(exportFile))!);
        var temporary = exportFile + ".tmp";
        await File.WriteAllTextAsync(temporary, NfsExport.Render(root.Path), cancellationToken);
        File.Move(temporary, exportFile, overwrite: true);
        logger.LogInformation("Wrote the NFS export of {Root} to {ExportFile}", root.Path, exportFile);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
